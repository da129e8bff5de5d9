// The registry subgraph's own schema builder (one builder per subgraph).
import { createBuilder } from '../../lib/graphql/builder';

export const builder = createBuilder();
