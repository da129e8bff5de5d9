// The civil affairs (民政) subgraph's own schema builder.
import { createBuilder } from '../../lib/graphql/builder';

export const builder = createBuilder();
