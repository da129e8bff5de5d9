// The healthcare security (医保) subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
