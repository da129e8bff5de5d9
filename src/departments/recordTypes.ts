// The GraphQL type of each department's records, shared by the assistance
// subgraph (which defines them) and the department subgraphs (which extend them).
import type { Department } from '../db/client/prisma/enums';
import { DESCRIPTORS } from './index';

export const RECORD_TYPE_NAMES = Object.fromEntries(
  Object.entries(DESCRIPTORS).map(([department, { graphql }]) => [department, graphql.recordType]),
) as Record<Department, string>;
