// A real hub on a free port over real HTTP, on its own test database.
import { createLogger } from '../../src/lib/logger';
import { mintToken, type TokenClaims } from '../../src/access/tokens';
import { startHub, type HubMode, type RunningHub } from '../../src/server/hub';
import { seedDemoIfEmpty } from '../../src/cli/seedDemo';
import type { HubConfig } from '../../src/lib/config';
import { fastTestConfig, throwAwayDatabaseUrl } from './database';

export interface TestHub extends RunningHub {
  config: HubConfig;
  token(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>): Promise<string>;
  graphql(query: string, options?: { token?: string; variables?: Record<string, unknown> }): Promise<GraphqlResponse>;
  stop(): Promise<void>;
}

export interface GraphqlResponse {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
    extensions?: Record<string, any>;
  };
}

export async function startTestHub(
  options: { demo?: boolean; mode?: HubMode; env?: NodeJS.ProcessEnv; onStatement?: (sql: string) => void } = {},
): Promise<TestHub> {
  const { url, drop } = await throwAwayDatabaseUrl();
  const config = await fastTestConfig(url, options.env);
  const logger = createLogger('silent');
  const hub = await startHub({
    config,
    logger,
    // As `serve --demo` does.
    prepareDatabase: options.demo ? (db) => seedDemoIfEmpty(db.prisma, config, logger) : undefined,
    mode: options.mode,
    onStatement: options.onStatement,
  });
  return {
    ...hub,
    config,
    token: (claims) => mintToken({ sub: 'test-user', regions: ['51'], ...claims }, config.jwtSecret),
    graphql: (query, opts = {}) => postGraphql(hub.url, query, opts),
    stop: async () => {
      await hub.close();
      await drop();
    },
  };
}

export async function postGraphql(
  baseUrl: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphqlResponse> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlResponse['body'] };
}
