// The oversight subgraph's own schema builder.
import { createBuilder } from '../../lib/graphql/builder';

export const builder = createBuilder();
builder.mutationType({ description: 'Send data to the hub.' });
