// The hub's signatures on what it sends to other systems: a JWS (RFC 7515)
// in compact form with a detached payload, `<protected>..<signature>`. A DCI
// message's `signature` is over the RFC 8785 canonical JSON of
// { header, message } (the files leave MsgSignature's format open; this is
// the one docs/dci.md gives callers); an event webhook's is over its body's
// bytes. The hub signs with its key (ES256), published with its `kid` at
// /.well-known/jwks.json; a caller's DCI signature is checked with the public
// JWK registered on its API key.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, CompactSign, exportJWK, importJWK, type JWK } from 'jose';
import { canonicalJson } from './canonicalJson';

const ALGORITHM = 'ES256';

export interface HubSigner {
  /** The detached JWS of { header, message }. */
  sign(header: unknown, message: unknown): Promise<string>;
  /** The detached JWS of a body's exact bytes (an event webhook's signature header). */
  signBody(body: string): Promise<string>;
  /** The public key set callers verify with. */
  jwks: { keys: JWK[] };
}

/** The hub's signer from its P-256 private key (HUB_SIGNING_KEY_FILE, src/lib/config.ts), or from a key made for this process. */
export async function hubSigner(privateKey: KeyObject | null): Promise<HubSigner> {
  const key = privateKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const publicJwk = await exportJWK(createPublicKey(key));
  const kid = await calculateJwkThumbprint(publicJwk);
  const detached = async (bytes: Uint8Array) => {
    const jws = await new CompactSign(bytes).setProtectedHeader({ alg: ALGORITHM, kid }).sign(key);
    const [protectedHeader, , signature] = jws.split('.');
    return `${protectedHeader}..${signature}`;
  };
  return {
    sign: (header, message) => detached(payload(header, message)),
    signBody: (body) => detached(new TextEncoder().encode(body)),
    jwks: { keys: [{ ...publicJwk, kid, alg: ALGORITHM, use: 'sig' }] },
  };
}

/** Why a signature does not hold, or null when it does. */
export async function signatureProblem(signature: string, header: unknown, message: unknown, jwk: JWK): Promise<string | null> {
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '') return 'signature: must be a JWS with a detached payload, "<protected>..<signature>"';
  const attached = `${parts[0]}.${Buffer.from(payload(header, message)).toString('base64url')}.${parts[2]}`;
  try {
    const key = await importJWK(jwk, jwk.alg ?? ALGORITHM);
    await compactVerify(attached, key, {
      algorithms: ['ES256', 'RS256', 'EdDSA'],
    });
    return null;
  } catch {
    return 'signature: does not verify with the key registered for this caller over { header, message }';
  }
}

const payload = (header: unknown, message: unknown) => new TextEncoder().encode(canonicalJson({ header, message }));
