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
import { createHash } from 'node:crypto';
import { Department } from '../db/client/prisma/enums';
import { withHeldParameter } from '../db/heldParameters';
import { personKey } from '../lib/ids';
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

/** The digest of a line's text as `sender` sent it: 128 bits of SHA-256, in base64url (22 characters). */
export function lineDigest(sender: Pick<Sender, 'department'>, text: string): string {
  return createHash('sha256').update(`${sender.department ?? ''}\n`).update(text).digest().subarray(0, 16).toString('base64url');
}

/**
 * The entity a parsed line names, read without validating it: a line that
 * is not what it seems has a digest no stored row carries, and goes the
 * whole way.
 */
export function candidateOf(object: Record<string, unknown>, digest: string, pepper: string): DigestCandidate | null {
  const text = (field: string) => (typeof object[field] === 'string' ? (object[field] as string) : null);
  // Cast to the enum in the statement: a line naming no department is no candidate.
  const department = text('department');
  const known = department !== null && Object.hasOwn(Department, department);
  switch (object.type) {
    case 'person': {
      const id = text('idNumber');
      return id ? { type: 'person', key: personKey(id.toUpperCase(), pepper), household: null, digest } : null;
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

/** The candidates whose row carries their digest now: one statement for all of them. */
export async function unchangedOf(db: Pick<Tx, '$queryRawUnsafe'>, candidates: readonly DigestCandidate[]): Promise<Set<DigestCandidate>> {
  if (candidates.length === 0) return new Set();
  const byType = { person: [] as string[], household: [] as string[], record: [] as [string, string][], expense: [] as [string, string][] };
  for (const c of candidates) {
    if (c.type === 'person' || c.type === 'household') byType[c.type].push(c.key);
    else byType[c.type].push(splitKey(c.key));
  }
  const stored = await withHeldParameter(JSON.stringify(byType), (parameter) =>
    db.$queryRawUnsafe<{ type: DigestedType; key: string; digest: string }[]>(STORED_DIGESTS, parameter),
  );
  const digests = new Map(stored.map((row) => [`${row.type}\n${row.key}`, row.digest]));
  return new Set(candidates.filter((c) => digests.get(`${c.type}\n${c.key}`) === c.digest));
}

const splitKey = (key: string): [string, string] => [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];

// Each part reads by its table's unique key (a department's key through the
// enum, a person key as char(64), so that the index serves).
const STORED_DIGESTS = `
SELECT 'person' AS type, p.person_key::text AS key, p.line_digest::text AS digest FROM person p
  WHERE p.person_key IN (SELECT value::bpchar FROM json_array_elements_text($1::json->'person')) AND p.line_digest IS NOT NULL
UNION ALL
SELECT 'household', h.source_id, h.line_digest::text FROM household h
  WHERE h.source_id IN (SELECT value FROM json_array_elements_text($1::json->'household')) AND h.line_digest IS NOT NULL
UNION ALL
SELECT 'record', r.department::text || ':' || r.source_record_id, r.line_digest::text FROM assistance_record r
  JOIN (SELECT (e->>0)::department AS department, e->>1 AS id FROM json_array_elements($1::json->'record') e) k
    ON r.department = k.department AND r.source_record_id = k.id
  WHERE r.line_digest IS NOT NULL
UNION ALL
SELECT 'expense', x.department::text || ':' || x.source_id, x.line_digest::text FROM expense x
  JOIN (SELECT (e->>0)::department AS department, e->>1 AS id FROM json_array_elements($1::json->'expense') e) k
    ON x.department = k.department AND x.source_id = k.id
  WHERE x.line_digest IS NOT NULL`;
