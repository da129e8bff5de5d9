// The housing (住建) subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
