export const RunPage = ({ id }: { id: string }) => <h1>Run {id}</h1>;
