// The education (教育) subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
