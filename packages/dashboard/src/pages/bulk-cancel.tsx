export const BulkCancelPage = () => <h1>Bulk cancel</h1>;
