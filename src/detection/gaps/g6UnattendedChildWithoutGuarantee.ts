// G6 UNATTENDED_CHILD_WITHOUT_GUARANTEE: a living orphan (or de-facto
// unattended child) under 18 on D whom neither the orphans' basic living
// guarantee nor 特困 support covers on D. Such a child is entitled to one of
// the two; the guarantee is the one made for them.
import type { Program } from '../../db/client/prisma/enums';
import { AGE_AT_AS_OF, COVERS_AS_OF, LIVING_AT_AS_OF } from '../sql';
import { NO_EVIDENCE, personGapSelect, suggestion, type GapRule } from './shared';

export const G6_SUGGESTED_PROGRAMS: readonly Program[] = ['ORPHAN_GUARANTEE'];

const sql = `
WITH guaranteed AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE r.program IN ('ORPHAN_GUARANTEE', 'TEKUN') AND ${COVERS_AS_OF('r')}
),
candidates AS (
  SELECT p.person_key
    FROM person p
   WHERE ${LIVING_AT_AS_OF('p')}
     AND p.orphan IS TRUE
     AND ${AGE_AT_AS_OF('p')} < 18
     AND NOT EXISTS (SELECT 1 FROM guaranteed g WHERE g.person_key = p.person_key)
),
${NO_EVIDENCE}${personGapSelect(suggestion(G6_SUGGESTED_PROGRAMS))}`;

export const g6UnattendedChildWithoutGuarantee: GapRule = {
  id: 'G6',
  kind: 'GAP',
  name: 'UNATTENDED_CHILD_WITHOUT_GUARANTEE',
  suggestedPrograms: G6_SUGGESTED_PROGRAMS,
  sql,
};
