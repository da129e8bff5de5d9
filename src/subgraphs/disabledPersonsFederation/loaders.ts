// The loaders of this subgraph (record by id, records by beneficiary) are the
// shared department loaders in src/lib/graphql/departmentSubgraph.ts.
export {};
