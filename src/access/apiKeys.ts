// API keys (ACCESS.md, Callers): department systems may authenticate with a
// key issued by an administrator instead of a token. A key reads
// `ahk_<16 hex>_<43 base64url>`: the first part is the row id (public, safe to
// log), the whole key is shown once and only its SHA-256 is stored. Every
// request looks the key up again, so a revocation holds from the next request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JWK } from 'jose';
import { checkClaims, describeClaimProblem } from './claims';
import type { ApiKey, Prisma, PrismaClient } from '../db/client/prisma/client';
import { isRole, type Caller } from './callers';

export const API_KEY_PREFIX = 'ahk_';
const KEY_SHAPE = /^(ahk_[0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is refreshed at most this often, so a busy system does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A stored key whose claims do not agree (ACCESS.md v2) is refused as a bad claim, like a token. */
export type ApiKeyFailure = 'API_KEY_UNKNOWN' | 'API_KEY_REVOKED' | 'API_KEY_EXPIRED' | 'TOKEN_BAD_CLAIM';

export class ApiKeyError extends Error {
  constructor(
    readonly failure: ApiKeyFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API key a caller is, by its `sub` (the key's row id): called with the
 * key itself, or with a hub token issued for it (DCI's client credentials).
 * Null for a caller with a token of its own, or a key this database lacks.
 */
export function apiKeyOfCaller(prisma: Pick<PrismaClient, 'apiKey'>, caller: Pick<Caller, 'sub'>): Promise<ApiKey | null> {
  return caller.sub.startsWith(API_KEY_PREFIX) ? prisma.apiKey.findUnique({ where: { id: caller.sub } }) : Promise.resolve(null);
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh key: its id (stored, listed) and the whole key (handed out once). */
export function newApiKey(): { id: string; key: string; secretHash: string } {
  const id = `${API_KEY_PREFIX}${randomBytes(8).toString('hex')}`;
  const key = `${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, secretHash: hashApiKey(key) };
}

/** Constant-time, so the answer time says nothing about how much of a hash matched. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const UNKNOWN_HASH = hashApiKey('no such key');

export async function callerFromApiKey(prisma: PrismaClient, key: string, now = new Date()): Promise<Caller> {
  const id = KEY_SHAPE.exec(key)?.[1];
  const row = id ? await prisma.apiKey.findUnique({ where: { id } }) : null;
  // A wrong secret for a real id answers exactly like an unknown id.
  const matches = sameHash(hashApiKey(key), row?.secretHash ?? UNKNOWN_HASH);
  if (!row || !matches) throw new ApiKeyError('API_KEY_UNKNOWN', 'API key is not known');
  if (row.revokedAt) throw new ApiKeyError('API_KEY_REVOKED', 'API key has been revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new ApiKeyError('API_KEY_EXPIRED', 'API key has expired');
  if (!isRole(row.role)) throw new ApiKeyError('API_KEY_UNKNOWN', 'API key is not known');
  const problem = checkClaims({ sub: row.id, role: row.role, department: row.department, org: row.org, regions: row.regions });
  if (problem) throw new ApiKeyError('TOKEN_BAD_CLAIM', `API key ${describeClaimProblem(problem)}`);
  await noteUse(prisma, row, now);
  return {
    sub: row.id,
    role: row.role,
    department: row.department,
    regions: row.regions,
    org: row.org,
    purpose: row.purpose?.trim() ? row.purpose : null,
  };
}

async function noteUse(prisma: PrismaClient, row: ApiKey, now: Date) {
  if (row.lastUsedAt && now.getTime() - row.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
}

export interface ApiKeyGrant {
  name: string;
  role: 'SYSTEM';
  department: NonNullable<ApiKey['department']>;
  regions: string[];
  purpose: string | null;
  expiresAt: Date | null;
  /** The system's public signing key for DCI (checked in registry/apiKeys.ts); none: its requests need no signature in development. */
  signingKey?: JWK | null;
  /** Origins (scheme://host[:port]) its DCI callbacks may go to; none: any in development, none in production. */
  callbackOrigins?: string[];
}

/** Stores a new key (its hash only) and returns the row and the key, which nobody can see again. */
export async function storeApiKey(prisma: PrismaClient, grant: ApiKeyGrant, createdBy: string): Promise<{ apiKey: ApiKey; key: string }> {
  const { id, key, secretHash } = newApiKey();
  // A key that would be refused at use is not stored (registry/apiKeys.ts says which field to the administrator).
  const problem = checkClaims({ sub: id, role: grant.role, department: grant.department, org: null, regions: grant.regions });
  if (problem) throw new Error(`refusing to store an API key: ${describeClaimProblem(problem)}`);
  const { signingKey, callbackOrigins = [], ...claims } = grant;
  // Prisma takes no plain null for a Json column: no key is a column left unset (NULL).
  const data = { id, secretHash, ...claims, callbackOrigins, createdBy, signingKey: (signingKey ?? undefined) as Prisma.InputJsonObject | undefined };
  const apiKey = await prisma.apiKey.create({ data });
  return { apiKey, key };
}
