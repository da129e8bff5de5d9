// RS256 tokens verified with an identity provider's published keys (a JWKS),
// from a file or fetched from a URL (a real HTTP server on loopback), by the
// gateway and by a subgraph served alone (which a standard gateway fronts by
// forwarding Authorization). The key is chosen by the token's `kid`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ConfigError, loadConfig } from '../../src/lib/config';
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';

const QUERY = `{ regions(first: 1) { totalCount } }`;
const now = () => Math.floor(Date.now() / 1000);
const admin = { sub: 'idp-user', role: 'ADMIN', regions: ['51'], iss: 'assist-hub', aud: 'assist-hub' };

let folder: string;
let jwksFile: string;
let keyServer: http.Server;
let keyUrl: string;
let signing: CryptoKey;
let stranger: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signing = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-2026', alg: 'RS256', use: 'sig' };
  stranger = (await generateKeyPair('RS256', { extractable: true })).privateKey;
  folder = mkdtempSync(path.join(os.tmpdir(), 'assist-hub-jwks-'));
  jwksFile = path.join(folder, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }));
  keyServer = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [publicJwk] })));
  await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
  keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => {
  keyServer.close();
  rmSync(folder, { recursive: true, force: true });
});

const token = (kid: string, key = signing) =>
  new SignJWT({ ...admin, iat: now(), exp: now() + 600 }).setProtectedHeader({ alg: 'RS256', kid }).sign(key);

async function check(hub: TestHub) {
  const answered = await postGraphql(hub.url, QUERY, { token: await token('idp-2026') });
  expect(answered.status).toBe(200);
  expect(answered.body.errors).toBeUndefined();
  expect(answered.body.data).toEqual({ regions: { totalCount: 0 } });
  const unknownKid = await postGraphql(hub.url, QUERY, { token: await token('someone-else') });
  expect(unknownKid.status).toBe(401);
  expect(unknownKid.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_SIGNATURE' });
  const forged = await postGraphql(hub.url, QUERY, { token: await token('idp-2026', stranger) });
  expect(forged.status).toBe(401);
  expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_SIGNATURE' });
}

test.each([
  ['the gateway, with HUB_JWT_JWKS_FILE', () => ({ env: { HUB_JWT_JWKS_FILE: jwksFile } })],
  ['a subgraph served alone, with HUB_JWT_JWKS_URL', () => ({ env: { HUB_JWT_JWKS_URL: keyUrl }, mode: { kind: 'subgraph', name: 'registry' } as const })],
])('%s: a token of the published key is answered; an unknown kid and another key are refused', async (_where, options) => {
  const hub = await startTestHub(options());
  try {
    await check(hub);
  } finally {
    await hub.stop();
  }
});

test('one source of RS256 keys at a time, and a JWKS file must hold keys: the start is refused naming the variables', () => {
  const base = { HUB_ID_PEPPER: 'p', HUB_JWT_SECRET: 's' };
  expect(() => loadConfig({ ...base, HUB_JWT_JWKS_FILE: jwksFile, HUB_JWT_JWKS_URL: keyUrl })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, HUB_JWT_JWKS_FILE: jwksFile, HUB_JWT_JWKS_URL: keyUrl })).toThrow(/HUB_JWT_JWKS_URL and HUB_JWT_JWKS_FILE/);
  const empty = path.join(folder, 'empty.json');
  writeFileSync(empty, '{"keys": []}');
  expect(() => loadConfig({ ...base, HUB_JWT_JWKS_FILE: empty })).toThrow(/HUB_JWT_JWKS_FILE must be a JWKS/);
  expect(() => loadConfig({ ...base, HUB_JWT_JWKS_URL: 'ftp://keys' })).toThrow(/HUB_JWT_JWKS_URL must be http\(s\)/);
});
