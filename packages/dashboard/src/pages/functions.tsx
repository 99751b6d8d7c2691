export const FunctionsPage = () => <h1>Functions</h1>;
