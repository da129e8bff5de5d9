// The assistance subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
builder.mutationType({ description: 'Send data to the hub.' });
