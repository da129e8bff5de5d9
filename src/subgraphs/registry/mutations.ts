// Registry writes arrive through ingestion (src/ingest), shared by the
// command-line importer and the batch mutation; this subgraph adds no mutation
// of its own yet.
export {};
