// The human resources and social security (人社) subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
