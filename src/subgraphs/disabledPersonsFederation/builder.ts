// The disabled persons' federation (残联) subgraph's own schema builder.
import { createBuilder } from '../../graphql/builder';

export const builder = createBuilder();
