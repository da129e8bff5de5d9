// A line's digest: how a re-sent, identical line is found unchanged with one
// indexed read per chunk instead of being validated, loaded and compared
// field by field (a department re-sends its whole books; most lines are the
// same as last time).
//
// Every row a line writes whole (a person, a household, a record, an expense)
// keeps the digest of that line's text and its sender's department
// (line_digest). Applying a line is idempotent (given fields overwrite,
// omitted ones keep what is stored), so a line whose digest equals its row's
// would store nothing: it is unchanged. The digest stays true only while
// nothing else writes the row or what the line's checks read; triggers clear
// it otherwise (prisma/migrations/20261206025312_line_digest): any other
// UPDATE of the row, a change to its members or details outside ingestion,
// a household's change for the records that name it, a region's level.
//
// Only an unrestricted caller (src/access/writes.ts) takes this path: a
// restricted caller's checks read the stored rows' regions, which the digest
// does not cover.
import { hash } from 'node:crypto';
import { Department } from '../db/client/prisma/enums';
import { withHeldParameter } from '../db/heldParameters';
import type { Sender, Tx } from './handler';

/** The exchange types whose rows keep a line digest. */
export type DigestedType = 'person' | 'household' | 'record' | 'expense';

/** A line that may be unchanged: its entity's key, what else its checks read, and its digest. */
export interface DigestCandidate {
  type: DigestedType;
  /** As the line's outcome reports it (personKey, sourceId, "DEPARTMENT:sourceRecordId"). */
  key: string;
  /** A record's household, whose members its checks read. */
  household: string | null;
  digest: string;
}

/** The digest of a line's text as `sender` sent it: the first 22 characters (132 bits) of its SHA-256 in base64url. */
export function lineDigest(sender: Pick<Sender, 'department'>, text: string): string {
  return hash('sha256', `${sender.department ?? ''}\n${text}`, 'base64url').slice(0, 22);
}

/**
 * The entity a parsed line names, read without validating it: a line that
 * is not what it seems has a digest no stored row carries, and goes the
 * whole way.
 */
export function candidateOf(object: Record<string, unknown>, digest: string, personKeyOf: (normalized: string) => string): DigestCandidate | null {
  const text = (field: string) => (typeof object[field] === 'string' ? (object[field] as string) : null);
  // Cast to the enum in the statement: a line naming no department is no candidate.
  const department = text('department');
  const known = department !== null && Object.hasOwn(Department, department);
  switch (object.type) {
    case 'person': {
      const id = text('idNumber');
      return id && ID_NUMBER.test(id) ? { type: 'person', key: personKeyOf(id.toUpperCase()), household: null, digest } : null;
    }
    case 'household': {
      const id = text('sourceId');
      return id ? { type: 'household', key: id, household: null, digest } : null;
    }
    case 'record': {
      const id = text('sourceRecordId');
      return known && id ? { type: 'record', key: `${department}:${id}`, household: text('householdSourceId'), digest } : null;
    }
    case 'expense': {
      const id = text('sourceId');
      return known && id ? { type: 'expense', key: `${department}:${id}`, household: null, digest } : null;
    }
    default:
      return null;
  }
}

/** What a person key is computed from (the check character is validation's business). */
const ID_NUMBER = /^\d{17}[\dXx]$/;

/** The candidates whose row carries their digest now: one statement for all of them. */
export async function carryingDigest(db: Db, candidates: readonly DigestCandidate[]): Promise<Set<DigestCandidate>> {
  return new Set(await digestCompared(db, candidates, true));
}

/** The candidates whose row does not carry their digest now (usually none, so the answer is short). */
export async function notCarryingDigest(db: Db, candidates: readonly DigestCandidate[]): Promise<Set<DigestCandidate>> {
  return new Set(await digestCompared(db, candidates, false));
}

type Db = Pick<Tx, '$queryRawUnsafe'>;

async function digestCompared(db: Db, candidates: readonly DigestCandidate[], carrying: boolean): Promise<DigestCandidate[]> {
  if (candidates.length === 0) return [];
  const rows = candidates.map((c, i) => ({ i, t: c.type, ...keyColumns(c), digest: c.digest }));
  const found = await withHeldParameter(JSON.stringify(rows), (parameter) =>
    db.$queryRawUnsafe<{ i: number }[]>(DIGEST_COMPARED, parameter, carrying),
  );
  return found.map(({ i }) => candidates[i]!);
}

/** A candidate's key as its table's unique key: a record's and an expense's are "DEPARTMENT:id" (d, k), the others one column (k). */
function keyColumns({ type, key }: DigestCandidate): { d?: string; k: string } {
  if (type !== 'record' && type !== 'expense') return { k: key };
  const colon = key.indexOf(':');
  return { d: key.slice(0, colon), k: key.slice(colon + 1) };
}

// Each candidate's row read by its table's unique key (a department through
// its enum, a person key as char(64), so that the index serves), and its
// digest compared: the positions of those that compare as asked.
const DIGEST_COMPARED = `
SELECT c.i FROM json_to_recordset($1::json) AS c(i int, t text, d text, k text, digest text)
WHERE (CASE c.t
  WHEN 'person' THEN (SELECT line_digest::text FROM person WHERE person_key = c.k::bpchar)
  WHEN 'household' THEN (SELECT line_digest::text FROM household WHERE source_id = c.k)
  WHEN 'record' THEN (SELECT line_digest::text FROM assistance_record WHERE department = c.d::department AND source_record_id = c.k)
  WHEN 'expense' THEN (SELECT line_digest::text FROM expense WHERE department = c.d::department AND source_id = c.k)
END IS NOT DISTINCT FROM c.digest) = $2`;

/**
 * Gives rows found unchanged the digest of the line that found them so (a
 * row stored from a batch's objects, by another department's identical line,
 * or before digests were kept), so that the same line sent again is found
 * by its digest: one statement, writing only the digests that differ.
 */
export async function carryDigests(tx: Pick<Tx, '$executeRawUnsafe'>, candidates: readonly DigestCandidate[]): Promise<void> {
  if (candidates.length === 0) return;
  const byType: Record<DigestedType, object[]> = { person: [], household: [], record: [], expense: [] };
  for (const c of candidates) byType[c.type].push({ ...keyColumns(c), digest: c.digest });
  await withHeldParameter(JSON.stringify(byType), (parameter) => tx.$executeRawUnsafe(CARRY_DIGESTS, parameter));
}

const CARRY_DIGESTS = `
WITH p AS (
  UPDATE person t SET line_digest = c.digest FROM json_to_recordset($1::json->'person') AS c(k text, digest text)
  WHERE t.person_key = c.k::bpchar AND t.line_digest IS DISTINCT FROM c.digest
), h AS (
  UPDATE household t SET line_digest = c.digest FROM json_to_recordset($1::json->'household') AS c(k text, digest text)
  WHERE t.source_id = c.k AND t.line_digest IS DISTINCT FROM c.digest
), r AS (
  UPDATE assistance_record t SET line_digest = c.digest FROM json_to_recordset($1::json->'record') AS c(d text, k text, digest text)
  WHERE t.department = c.d::department AND t.source_record_id = c.k AND t.line_digest IS DISTINCT FROM c.digest
)
UPDATE expense t SET line_digest = c.digest FROM json_to_recordset($1::json->'expense') AS c(d text, k text, digest text)
WHERE t.department = c.d::department AND t.source_id = c.k AND t.line_digest IS DISTINCT FROM c.digest`;
