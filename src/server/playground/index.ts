import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

export interface PlaygroundExample {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface PlaygroundOptions {
  /** Same-origin path of the GraphQL endpoint, e.g. '/graphql'. */
  endpoint: string;
  /** The first one is the default query; all are offered in the page. */
  examples: PlaygroundExample[];
  /** Dev mode only: prefilled in the token field. Never set it in production. */
  developmentToken?: string;
}

// Government networks are closed: the page may load nothing from another host.
// The browser enforces that through this policy, so a forgotten CDN link fails
// loudly instead of leaking requests. GraphiQL 3 needs no more than this:
// 'unsafe-inline' styles because its React components (Radix, emotion) inject
// <style> tags and style attributes at runtime, data: fonts and images because
// graphiql.min.css inlines its Roboto/Fira Code fonts and icons as data: URIs.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const ASSET_PREFIX = '/playground/assets/';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// Vendor files change only when node_modules does, so browsers may keep them a
// day (ETag revalidation after that). Our own files revalidate on every load.
const VENDOR_CACHE = 'public, max-age=86400';
const OWN_CACHE = 'no-cache';

interface FileAsset {
  file: string;
  type: string;
  cacheControl: string;
}

// react and react-dom do not export their umd/ folders ("exports" map), so the
// files are located next to their package.json, which they do export.
function umdFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'umd', file);
}

// Resolved when the router is built so a missing package fails at startup,
// read lazily on first request (graphiql.min.js alone is 3.5 MB).
// Checked for the closed network (graphiql 3.8.2): the CSS has no @import and
// its only url() values are data: URIs; the JS has no CDN loader (the only
// "unpkg"/"jsdelivr" text is a React-version error message, every other URL is
// a link or comment), so the files are served unchanged. tests/playground fails
// if an upgrade brings a remote @import or url() into the CSS.
function fileAssets(): Map<string, FileAsset> {
  const vendor = (file: string, type: string): FileAsset => ({ file, type, cacheControl: VENDOR_CACHE });
  return new Map<string, FileAsset>([
    ['react.production.min.js', vendor(umdFile('react', 'react.production.min.js'), JS)],
    ['react-dom.production.min.js', vendor(umdFile('react-dom', 'react-dom.production.min.js'), JS)],
    ['graphiql.min.js', vendor(require.resolve('graphiql/graphiql.min.js'), JS)],
    ['graphiql.min.css', vendor(require.resolve('graphiql/graphiql.min.css'), CSS)],
    ['app.js', { file: path.join(__dirname, 'static', 'app.js'), type: JS, cacheControl: OWN_CACHE }],
  ]);
}

// Module-wide, keyed by absolute path: every router shares one copy in memory.
const fileCache = new Map<string, Promise<Buffer>>();

function readOnce(file: string): Promise<Buffer> {
  let body = fileCache.get(file);
  if (!body) {
    body = readFile(file);
    // A failed read is not cached, so a later request can retry it.
    body.catch(() => fileCache.delete(file));
    fileCache.set(file, body);
  }
  return body;
}

// Static: everything dynamic comes from config.json, because the CSP forbids
// inline scripts. Paths are root-relative so the page also works at /graphql/.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>assist-hub playground</title>
<link rel="stylesheet" href="${ASSET_PREFIX}graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  .ah-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 6px 12px;
    background: #1f2937; color: #f9fafb; font-size: 14px; }
  .ah-bar strong { font-size: 15px; }
  .ah-bar label { display: flex; align-items: center; gap: 6px; }
  .ah-bar [hidden] { display: none; } /* the rule above would override the attribute */
  .ah-bar input, .ah-bar select { font: inherit; padding: 2px 6px; border-radius: 4px; border: 1px solid #6b7280; }
  .ah-bar input { width: 22em; }
  .ah-hint { color: #9ca3af; font-size: 12px; }
  .ah-hint code { color: #e5e7eb; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<header class="ah-bar">
  <strong>assist-hub playground</strong>
  <label>Bearer token <input id="ah-token" type="password" autocomplete="off" spellcheck="false" placeholder="paste a token"></label>
  <span class="ah-hint">mint one with: <code>npx assist-hub token --role ADMIN</code>; kept in this tab only, until it expires</span>
  <label id="ah-examples" hidden>Example <select id="ah-example"></select></label>
</header>
<main id="graphiql">Loading GraphiQL…</main>
<noscript>The playground needs JavaScript.</noscript>
<script src="${ASSET_PREFIX}react.production.min.js"></script>
<script src="${ASSET_PREFIX}react-dom.production.min.js"></script>
<script src="${ASSET_PREFIX}graphiql.min.js"></script>
<script src="${ASSET_PREFIX}app.js"></script>
</body>
</html>
`;

// The headers go on each response of this router only, not through
// router.use(): mounted at root, that would also stamp the GraphQL API's own
// responses that merely pass through.
function send(res: express.Response, status: number, type: string, cacheControl: string, body: string | Buffer): void {
  res.status(status);
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControl);
  res.send(body); // also sets an ETag and answers 304 to a matching If-None-Match
}

function sendPage(res: express.Response): void {
  send(res, 200, 'text/html; charset=utf-8', OWN_CACHE, PAGE);
}

/**
 * True for a browser navigating to the endpoint (GET, prefers text/html, no
 * GraphQL parameters), so the caller can answer GET /graphql with the page.
 * Clients that accept anything (curl's default Accept) or JSON get the API:
 * application/json is listed first and wins ties, as in Apollo Server.
 */
export function wantsPlayground(req: express.Request): boolean {
  if (req.method !== 'GET') return false;
  const query: Record<string, unknown> = req.query ?? {};
  // `extensions` alone is an automatic persisted query, which has no `query`.
  if (query['query'] !== undefined || query['extensions'] !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

export function playgroundRouter(options: PlaygroundOptions): express.Router {
  // The page's CSP only allows connect-src 'self': another origin would be
  // blocked in the browser, so refuse it here where the mistake is visible.
  if (!options.endpoint.startsWith('/') || options.endpoint.startsWith('//')) {
    throw new Error(`playground endpoint must be a same-origin path like /graphql, got ${options.endpoint}`);
  }
  const assets = fileAssets();
  const config = JSON.stringify({
    endpoint: options.endpoint,
    examples: options.examples,
    ...(options.developmentToken ? { developmentToken: options.developmentToken } : {}),
  });

  const router = express.Router();
  router.get('/', (_req, res) => sendPage(res));
  // Browsers that open the endpoint itself get the page; everything else goes
  // on to the GraphQL server mounted after this router.
  if (options.endpoint !== '/') {
    router.get(options.endpoint, (req, res, next) => (wantsPlayground(req) ? sendPage(res) : next()));
  }
  router.get(`${ASSET_PREFIX}:file`, async (req, res) => {
    const name = req.params['file'] ?? '';
    if (name === 'config.json') {
      // no-store: in dev mode it carries a bearer token.
      return send(res, 200, 'application/json; charset=utf-8', 'no-store', config);
    }
    const asset = assets.get(name);
    if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'no-store', 'not found');
    send(res, 200, asset.type, asset.cacheControl, await readOnce(asset.file));
  });
  return router;
}
