// The registry subgraph's own schema builder (one builder per subgraph).
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
// ADMIN's own writes (API keys); registry data itself arrives through ingestion.
builder.mutationType({ description: 'Send data to the hub.' });
