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
}

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
