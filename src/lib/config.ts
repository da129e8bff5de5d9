// The hub's configuration, read once from the environment. Development
// defaults exist so that `npm start` works on a fresh checkout; production mode
// refuses to start without real secrets.
import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export interface HubConfig {
  /** postgresql:// URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite). */
  dataDir: string;
  /** A PGlite data folder dumped as tar, to start new in-memory databases from (HUB_PGLITE_TEMPLATE; tests). */
  pgliteTemplate?: string;
  /** Secret pepper of the person key HMAC (EXCHANGE.md). */
  idPepper: string;
  /** HS256 secret for bearer tokens (ACCESS.md). */
  jwtSecret: string;
  /** RS256 public key for bearer tokens, from HUB_JWT_PUBLIC_KEY_FILE; null: RS256 tokens need a JWKS, or are refused. */
  jwtPublicKey: KeyObject | null;
  /** RS256 keys published as a JWKS (HUB_JWT_JWKS_URL, fetched and refreshed; or HUB_JWT_JWKS_FILE), chosen by `kid`. */
  jwtJwks: JWTVerifyGetKey | null;
  /**
   * HMAC key of the caller identity the gateway forwards to remote subgraphs.
   * null only in production without HUB_FORWARDING_SECRET: the hub then refuses
   * to start in any mode that forwards (src/server/hub.ts).
   */
  forwardingSecret: string | null;
  port: number;
  /**
   * Address the HTTP server listens on (HUB_HOST): by default the loopback
   * address in development, so a development hub with its default secrets is
   * not reachable from the network (ACCESS.md, Limits), and every interface in
   * production.
   */
  host: string;
  production: boolean;
  /** True when a development default stands in for a missing secret. */
  usingDevelopmentSecrets: boolean;
  logLevel: string;
  /** Bounds on every request, checked before any resolver runs (ACCESS.md, Limits). */
  limits: RequestLimits;
  /** Longest a single SQL statement may run before the database cancels it. */
  /** How long the gateway waits for a remote subgraph's answer before it reports SUBGRAPH_TIMEOUT (HUB_SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs: number;
  /** How long `serve` lets the requests in flight finish after SIGTERM or SIGINT before it cuts them (HUB_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  statementTimeoutMs: number;
  /** Connections in the PostgreSQL pool of each process (not PGlite, which has one). */
  poolSize: number;
  /** Redis for state the replicas share (the cost buckets), from HUB_REDIS_URL; null: kept in this process. */
  redisUrl: string | null;
  /** Each caller's bucket of cost points (ACCESS.md, Limits; src/server/rateLimit.ts). */
  rateLimit: RateLimit;
  /** Distinct persons each charity organisation may pre-check per hour (HUB_PRE_CHECK_PERSONS_PER_HOUR; src/subgraphs/charity/preCheckLimit.ts). */
  preCheckPersonsPerHour: number;
  /**
   * The hub's EC P-256 private key that signs its DCI answers and callbacks
   * (HUB_SIGNING_KEY_FILE, PEM). null: in development a key made for each
   * process; in production the DCI facade is not served (src/dci/router.ts).
   */
  signingKey: KeyObject | null;
  /** The hub's id in DCI message headers (HUB_DCI_ID): its answers' sender_id, the receiver_id callers may name. */
  dciId: string;
  /** Event deliveries (src/events/queue.ts): tries after the first, the first pause (doubling), and how long a try may hold its job. */
  events: { retryLimit: number; retryDelaySeconds: number; expireInSeconds: number };
}

/** A leaky bucket per caller: it holds at most `points` and refills at `restorePerSecond`. */
export interface RateLimit {
  points: number;
  restorePerSecond: number;
}

export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** The largest requested cost of one operation (src/server/queryCost.ts), checked by the gateway. */
  maxCost: number;
}

/** Safe defaults: the playground's and the tests' deepest real query fits with room to spare. */
export const DEFAULT_LIMITS: RequestLimits = { maxDepth: 15, maxAliases: 30, maxDirectives: 20, maxTokens: 4000, maxCost: 50_000 };

/**
 * Generous on purpose: the whole of `npm run bench` (about 0.7 million points
 * asked for as fast as one client can) fits in a full bucket, so the tests,
 * the bench and the playground are never throttled; a runaway client is, to
 * about 128 pages of 20 households with members a second. Tighten per
 * deployment (docs/access.md, Limits).
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { points: 2_000_000, restorePerSecond: 100_000 };

export const DEV_ID_PEPPER = 'assist-hub-development-pepper-do-not-use-in-production';
export const DEV_JWT_SECRET = 'assist-hub-development-jwt-secret-do-not-use-in-production';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const production = env.NODE_ENV === 'production';
  const missing = ['HUB_ID_PEPPER', 'HUB_JWT_SECRET'].filter((name) => !env[name]);
  if (production && missing.length > 0) {
    throw new ConfigError(`production mode needs ${missing.join(' and ')} to be set`);
  }
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  const jwtSecret = env.HUB_JWT_SECRET || DEV_JWT_SECRET;
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgresql:// URL');
  }
  return {
    databaseUrl,
    dataDir: env.HUB_DATA_DIR?.startsWith('memory://') ? env.HUB_DATA_DIR : path.resolve(env.HUB_DATA_DIR || './data'),
    pgliteTemplate: env.HUB_PGLITE_TEMPLATE || undefined,
    idPepper: env.HUB_ID_PEPPER || DEV_ID_PEPPER,
    jwtSecret,
    jwtPublicKey: publicKeyFile(env.HUB_JWT_PUBLIC_KEY_FILE),
    jwtJwks: jwks(env),
    forwardingSecret: forwardingSecret(env, jwtSecret, production),
    port,
    host: env.HUB_HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
    production,
    usingDevelopmentSecrets: missing.length > 0,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    statementTimeoutMs: positiveInt(env, 'HUB_STATEMENT_TIMEOUT_MS', 15_000),
    shutdownGraceMs: positiveInt(env, 'HUB_SHUTDOWN_GRACE_MS', 10_000),
    redisUrl: env.HUB_REDIS_URL || null,
    // Past the subgraph's own statement timeout, so that a slow query is reported by the subgraph itself.
    subgraphTimeoutMs: positiveInt(env, 'HUB_SUBGRAPH_TIMEOUT_MS', 20_000),
    poolSize: positiveInt(env, 'HUB_DB_POOL_SIZE', 10),
    limits: {
      maxDepth: positiveInt(env, 'HUB_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxAliases: positiveInt(env, 'HUB_MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
      maxDirectives: positiveInt(env, 'HUB_MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives),
      maxTokens: positiveInt(env, 'HUB_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxCost: positiveInt(env, 'HUB_MAX_COST', DEFAULT_LIMITS.maxCost),
    },
    preCheckPersonsPerHour: preCheckPersonsPerHour(env),
    signingKey: signingKeyFile(env.HUB_SIGNING_KEY_FILE),
    dciId: env.HUB_DCI_ID?.trim() || 'assist-hub',
    events: {
      retryLimit: nonNegativeInt(env, 'HUB_EVENT_RETRY_LIMIT', 8),
      retryDelaySeconds: positiveInt(env, 'HUB_EVENT_RETRY_DELAY_SECONDS', 2),
      expireInSeconds: positiveInt(env, 'HUB_EVENT_EXPIRE_SECONDS', 60),
    },
    rateLimit: {
      points: positiveInt(env, 'HUB_RATE_LIMIT_POINTS', DEFAULT_RATE_LIMIT.points),
      restorePerSecond: positiveInt(env, 'HUB_RATE_LIMIT_RESTORE_PER_SECOND', DEFAULT_RATE_LIMIT.restorePerSecond),
    },
  };
}

/** Says on standard error when development secrets are in use (EXCHANGE.md asks for it). */
export function warnAboutDevelopmentSecrets(config: HubConfig): void {
  if (config.usingDevelopmentSecrets) {
    process.stderr.write(
      'assist-hub: HUB_ID_PEPPER and/or HUB_JWT_SECRET not set; using development defaults (never in production)\n',
    );
  }
}

/**
 * RS256 verification keys as identity providers publish them: a JWKS at a
 * URL (jose fetches it, caches it and fetches again for an unknown `kid`) or
 * in a file. One source of RS256 keys at a time.
 */
function jwks(env: NodeJS.ProcessEnv): JWTVerifyGetKey | null {
  const sources = ['HUB_JWT_PUBLIC_KEY_FILE', 'HUB_JWT_JWKS_URL', 'HUB_JWT_JWKS_FILE'].filter((name) => env[name]);
  if (sources.length > 1) throw new ConfigError(`set one source of RS256 keys, not ${sources.join(' and ')}`);
  if (env.HUB_JWT_JWKS_FILE) return createLocalJWKSet(jwksFile(env.HUB_JWT_JWKS_FILE));
  if (!env.HUB_JWT_JWKS_URL) return null;
  let url: URL;
  try {
    url = new URL(env.HUB_JWT_JWKS_URL);
  } catch {
    throw new ConfigError(`HUB_JWT_JWKS_URL is not a URL: ${env.HUB_JWT_JWKS_URL}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`HUB_JWT_JWKS_URL must be http(s): ${env.HUB_JWT_JWKS_URL}`);
  return createRemoteJWKSet(url, { timeoutDuration: 5_000, cooldownDuration: 30_000 });
}

function jwksFile(file: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`HUB_JWT_JWKS_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`);
  }
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch {
    throw new ConfigError(`HUB_JWT_JWKS_FILE is not JSON: ${file}`);
  }
  const keys = (set as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError(`HUB_JWT_JWKS_FILE must be a JWKS, {"keys": [...]}, with at least one key: ${file}`);
  return set as JSONWebKeySet;
}

/** The DCI signing key: an EC P-256 private key in PEM (PKCS#8 or SEC1), for ES256. */
function signingKeyFile(file: string | undefined): KeyObject | null {
  if (!file) return null;
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`HUB_SIGNING_KEY_FILE ${code === 'ENOENT' || code === 'EACCES' ? `cannot be read (${code})` : 'is not a PEM private key'}: ${file}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError(`HUB_SIGNING_KEY_FILE must hold an EC P-256 private key (ES256): ${file}`);
  }
  return key;
}

/** An RSA public key in PEM SPKI form ("BEGIN PUBLIC KEY"); a private key or certificate is refused. */
function publicKeyFile(file: string | undefined): KeyObject | null {
  if (!file) return null;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`HUB_JWT_PUBLIC_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`);
  }
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw new ConfigError(`HUB_JWT_PUBLIC_KEY_FILE must hold an RSA public key in PEM SPKI form (-----BEGIN PUBLIC KEY-----): ${file}`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError(`HUB_JWT_PUBLIC_KEY_FILE is not a valid PEM public key: ${file}`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`HUB_JWT_PUBLIC_KEY_FILE must hold an RSA key for RS256, got ${key.asymmetricKeyType}: ${file}`);
  }
  // jose refuses shorter RS256 keys at verification; say so at start instead.
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new ConfigError(`HUB_JWT_PUBLIC_KEY_FILE must hold an RSA key of at least 2048 bits: ${file}`);
  }
  return key;
}

export const MIN_FORWARDING_SECRET_LENGTH = 32;

/**
 * Development: derived from the JWT secret, so a gateway and its subgraphs
 * started with the same environment agree without another variable.
 * Production: only what HUB_FORWARDING_SECRET says.
 */
function forwardingSecret(env: NodeJS.ProcessEnv, jwtSecret: string, production: boolean): string | null {
  const given = env.HUB_FORWARDING_SECRET;
  if (given && given.length < MIN_FORWARDING_SECRET_LENGTH) {
    throw new ConfigError(`HUB_FORWARDING_SECRET must be at least ${MIN_FORWARDING_SECRET_LENGTH} characters`);
  }
  if (given) return given;
  if (production) return null;
  return createHmac('sha256', jwtSecret).update('assist-hub identity forwarding').digest('base64url');
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return wholeNumber(env, name, fallback, 1);
}

function nonNegativeInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return wholeNumber(env, name, fallback, 0);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

/** `HUB_PRE_CHECK_PERSONS_PER_HOUR`: a whole number of at least 1, default 200 (ACCESS.md v2: the pre-check is bounded per organisation). */
export function preCheckPersonsPerHour(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HUB_PRE_CHECK_PERSONS_PER_HOUR;
  if (raw === undefined || raw.trim() === '') return 200;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`HUB_PRE_CHECK_PERSONS_PER_HOUR must be a whole number of at least 1, got ${JSON.stringify(raw)}`);
  }
  return value;
}
