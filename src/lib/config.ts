// The hub's configuration, read once from the environment. Development
// defaults exist so that `npm start` works on a fresh checkout; production mode
// refuses to start without real secrets.
import path from 'node:path';

export interface HubConfig {
  /** postgresql:// URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite). */
  dataDir: string;
  /** Secret pepper of the person key HMAC (EXCHANGE.md). */
  idPepper: string;
  /** HS256 secret for bearer tokens (ACCESS.md). */
  jwtSecret: string;
  port: number;
  production: boolean;
  /** True when a development default stands in for a missing secret. */
  usingDevelopmentSecrets: boolean;
  logLevel: string;
  /** Bounds on every request, checked before any resolver runs (ACCESS.md, Limits). */
  limits: RequestLimits;
  /** Longest a single SQL statement may run before the database cancels it. */
  statementTimeoutMs: number;
}

export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Safe defaults: the playground's and the tests' deepest real query fits with room to spare. */
export const DEFAULT_LIMITS: RequestLimits = { maxDepth: 15, maxAliases: 30, maxDirectives: 20, maxTokens: 4000, maxCost: 50_000 };

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
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgresql:// URL');
  }
  return {
    databaseUrl,
    dataDir: env.HUB_DATA_DIR?.startsWith('memory://') ? env.HUB_DATA_DIR : path.resolve(env.HUB_DATA_DIR || './data'),
    idPepper: env.HUB_ID_PEPPER || DEV_ID_PEPPER,
    jwtSecret: env.HUB_JWT_SECRET || DEV_JWT_SECRET,
    port,
    production,
    usingDevelopmentSecrets: missing.length > 0,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    statementTimeoutMs: positiveInt(env, 'HUB_STATEMENT_TIMEOUT_MS', 15_000),
    limits: {
      maxDepth: positiveInt(env, 'HUB_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxAliases: positiveInt(env, 'HUB_MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
      maxDirectives: positiveInt(env, 'HUB_MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives),
      maxTokens: positiveInt(env, 'HUB_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxCost: positiveInt(env, 'HUB_MAX_COST', DEFAULT_LIMITS.maxCost),
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

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}`);
  return value;
}
