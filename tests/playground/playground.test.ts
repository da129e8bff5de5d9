// The playground must work on closed government networks: these tests prove
// over real HTTP that the page references only its own origin, that every
// referenced asset is served, and that the CSP makes the browser enforce it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import vm from 'node:vm';
import express from 'express';
import { playgroundRouter, wantsPlayground, type PlaygroundOptions } from '../../src/server/playground';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const examples: PlaygroundOptions['examples'] = [
  { name: 'Who am I', query: 'query WhoAmI { __typename }' },
  { name: 'Person by id', query: 'query Person($id: ID!) { person(id: $id) { id } }', variables: { id: 'p-1' } },
];

interface Server {
  base: string;
  close(): Promise<void>;
}

async function serve(options: PlaygroundOptions): Promise<Server> {
  const app = express();
  app.use(playgroundRouter(options));
  // Stand-ins for the caller: a probe of wantsPlayground and the GraphQL API
  // that receives whatever the router passes on.
  app.get('/probe', (req, res) => {
    res.json({ wantsPlayground: wantsPlayground(req) });
  });
  app.all('/graphql', (_req, res) => {
    res.json({ data: { api: true } });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function attributeValues(html: string, tag: string, attribute: string): string[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*\\b${attribute}="([^"]*)"`, 'gi');
  return [...html.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('playground router', () => {
  let server: Server;
  let html: string;
  let pageResponse: Response;

  beforeAll(async () => {
    server = await serve({ endpoint: '/graphql', examples });
    pageResponse = await fetch(`${server.base}/`, { headers: { Accept: BROWSER_ACCEPT } });
    html = await pageResponse.text();
  });
  afterAll(() => server.close());

  it('serves the HTML page under a strict Content-Security-Policy', () => {
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = pageResponse.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(html).toContain('assist-hub playground');
    expect(html).toContain('type="password"');
    expect(html).toContain('npx assist-hub token --role ADMIN');
  });

  it('names no other host and has no inline script', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  it('references only same-origin paths, each served with the right content type', async () => {
    const scripts = attributeValues(html, 'script', 'src');
    const links = attributeValues(html, 'link', 'href');
    expect(scripts).toHaveLength(4);
    expect(links).toHaveLength(1);
    for (const ref of [...scripts, ...links]) {
      // A relative reference: no scheme, no protocol-relative '//host'.
      expect(ref).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
      expect(new URL(ref, server.base).origin).toBe(server.base);
      const response = await fetch(new URL(ref, server.base));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(ref.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('cache-control')).toBeTruthy();
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('serves CSS without @import or url() pointing at another host', async () => {
    const css = await (await fetch(`${server.base}/playground/assets/graphiql.min.css`)).text();
    expect(css).toContain('.graphiql-container');
    expect(css).not.toMatch(/@import/i);
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")\s]*)/gi)].map((match) => match[1] ?? '');
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => /^(https?:)?\/\//i.test(url))).toEqual([]);
  });

  it('serves the cached vendor bundle identically twice', async () => {
    const first = await (await fetch(`${server.base}/playground/assets/graphiql.min.js`)).text();
    const second = await (await fetch(`${server.base}/playground/assets/graphiql.min.js`)).text();
    expect(first).toContain('window.GraphiQL');
    expect(second).toBe(first);
  });

  it('answers 404 for files it does not serve, still under the CSP', async () => {
    for (const name of ['graphiql.js', '..%2Fpackage.json', 'index.ts']) {
      const response = await fetch(`${server.base}/playground/assets/${name}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('generates config.json without a token unless one is given', async () => {
    const response = await fetch(`${server.base}/playground/assets/config.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = await response.json();
    expect(config).toEqual({ endpoint: '/graphql', examples });
    expect(config).not.toHaveProperty('developmentToken');
  });

  it('puts the development token in config.json when given', async () => {
    const dev = await serve({ endpoint: '/graphql', examples, developmentToken: 'dev.jwt.token' });
    try {
      const config = await (await fetch(`${dev.base}/playground/assets/config.json`)).json();
      expect(config).toEqual({ endpoint: '/graphql', examples, developmentToken: 'dev.jwt.token' });
    } finally {
      await dev.close();
    }
  });

  it('refuses an endpoint on another origin', () => {
    expect(() => playgroundRouter({ endpoint: 'https://elsewhere.example/graphql', examples })).toThrow(/same-origin/);
    expect(() => playgroundRouter({ endpoint: '//elsewhere.example/graphql', examples })).toThrow(/same-origin/);
  });

  describe('wantsPlayground', () => {
    const probe = async (accept: string | undefined, search = '') => {
      const headers: Record<string, string> = accept ? { Accept: accept } : {};
      const response = await fetch(`${server.base}/probe${search}`, { headers });
      return ((await response.json()) as { wantsPlayground: boolean }).wantsPlayground;
    };

    it('is true for a browser navigation', async () => {
      expect(await probe(BROWSER_ACCEPT)).toBe(true);
    });

    it('is false for API clients and GraphQL GET requests', async () => {
      expect(await probe('application/json')).toBe(false);
      expect(await probe('application/graphql-response+json, application/json;q=0.9')).toBe(false);
      expect(await probe('*/*')).toBe(false);
      expect(await probe(undefined)).toBe(false);
      expect(await probe(BROWSER_ACCEPT, '?query=%7B__typename%7D')).toBe(false);
      expect(await probe(BROWSER_ACCEPT, '?extensions=%7B%7D')).toBe(false);
    });

    it('lets the router answer a browser at the endpoint and pass API calls on', async () => {
      const page = await fetch(`${server.base}/graphql`, { headers: { Accept: BROWSER_ACCEPT } });
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toBe(html);
      const api = await fetch(`${server.base}/graphql`, { headers: { Accept: 'application/json' } });
      expect(api.headers.get('content-security-policy')).toBeNull();
      expect(await api.json()).toEqual({ data: { api: true } });
      const post = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { Accept: BROWSER_ACCEPT, 'Content-Type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect(await post.json()).toEqual({ data: { api: true } });
    });
  });
});

// The page script, as served, run against a stand-in browser: where the pasted
// token is kept (this tab's sessionStorage, never localStorage) and for how
// long (never past the token's own exp).
describe('the pasted token', () => {
  const TOKEN_KEY = 'assist-hub.playground.token';
  let server: Server;
  let script: string;
  beforeAll(async () => {
    server = await serve({ endpoint: '/graphql', examples });
    script = await (await fetch(`${server.base}/playground/assets/app.js`)).text();
  });
  afterAll(() => server.close());

  /** A JWT-shaped token whose payload carries `exp` (seconds); the signature is not the page's business. */
  const jwt = (exp: number) =>
    ['{"alg":"HS256"}', JSON.stringify({ sub: 'u1', role: 'ADMIN', exp })].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.c2ln';
  const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

  class MemoryStorage {
    readonly calls: string[] = [];
    constructor(readonly items: Map<string, string> = new Map()) {}
    getItem(key: string) {
      this.calls.push(`get ${key}`);
      return this.items.get(key) ?? null;
    }
    setItem(key: string, value: string) {
      this.calls.push(`set ${key}`);
      this.items.set(key, value);
    }
    removeItem(key: string) {
      this.calls.push(`remove ${key}`);
      this.items.delete(key);
    }
  }

  /** Loads the page script with `saved` in this tab's sessionStorage; resolves once it has started. */
  async function openPage(saved?: string) {
    const listeners: Record<string, (() => void)[]> = {};
    const field = {
      value: '',
      addEventListener: (type: string, listener: () => void) => (listeners[type] ??= []).push(listener),
    };
    const element = () => ({ hidden: true, textContent: '', value: '', appendChild() {}, addEventListener() {} });
    const elements: Record<string, unknown> = { 'ah-token': field, 'ah-example': element(), 'ah-examples': element(), graphiql: element() };
    const sessionStorage = new MemoryStorage(new Map(saved ? [[TOKEN_KEY, saved]] : []));
    const localStorage = new MemoryStorage();
    const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
    const started = new Promise<void>((resolve) => {
      vm.runInNewContext(script, {
        document: {
          getElementById: (id: string) => elements[id],
          currentScript: { src: `${server.base}/playground/assets/app.js` },
          createElement: element,
        },
        URL, Headers, JSON, atob, Date, Math, Number, String, Object,
        sessionStorage,
        localStorage,
        setTimeout: (run: () => void, ms: number) => timers.push({ run, ms, cleared: false }) - 1,
        clearTimeout: (id: number) => { if (timers[id]) timers[id]!.cleared = true; },
        fetch: async () => ({ ok: true, json: async () => ({ endpoint: '/graphql', examples: [] }) }),
        window: { fetch: async () => ({}) },
        React: { createElement: () => ({}) },
        ReactDOM: { createRoot: () => ({ render: () => resolve() }), flushSync: (run: () => void) => run() },
        GraphiQL: Object.assign(() => null, { createFetcher: () => ({}) }),
      });
    });
    await started;
    const type = (value: string) => {
      field.value = value;
      for (const listener of listeners['input'] ?? []) listener();
    };
    return { field, sessionStorage, localStorage, timers, type, saved: () => sessionStorage.items.get(TOKEN_KEY) };
  }

  it('the page script uses sessionStorage, not localStorage', () => {
    expect(script).toContain('sessionStorage');
    expect(script).not.toContain('localStorage');
  });

  it('a pasted token is kept in this tab\'s sessionStorage and never written to localStorage', async () => {
    const page = await openPage();
    const token = jwt(inSeconds(3600));
    page.type(token);
    expect(page.saved()).toBe(token);
    page.type('');
    expect(page.saved()).toBeUndefined();
    expect(page.localStorage.calls).toEqual([]);
  });

  it('a token still valid is restored into the field when the tab reloads (the twin of the expired one)', async () => {
    const token = jwt(inSeconds(3600));
    const page = await openPage(token);
    expect(page.field.value).toBe(token);
    expect(page.saved()).toBe(token);
  });

  it('an expired token left in storage is dropped when the page loads, not put in the field', async () => {
    const page = await openPage(jwt(inSeconds(-60)));
    expect(page.field.value).toBe('');
    expect(page.saved()).toBeUndefined();
  });

  it('a pasted token that has expired already is not kept, and replaces the one kept before', async () => {
    const page = await openPage();
    const valid = jwt(inSeconds(600));
    page.type(valid);
    expect(page.saved()).toBe(valid);
    page.type(jwt(inSeconds(-1)));
    expect(page.saved()).toBeUndefined();
  });

  it('a kept token is dropped from storage and the field when its exp comes', async () => {
    const token = jwt(inSeconds(120));
    const page = await openPage();
    page.type(token);
    const pending = page.timers.filter((timer) => !timer.cleared);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.ms).toBeGreaterThan(110_000);
    expect(pending[0]!.ms).toBeLessThanOrEqual(120_000);
    pending[0]!.run();
    expect(page.saved()).toBeUndefined();
    expect(page.field.value).toBe('');
  });

  it('an API key (no exp to read) is kept for the tab only', async () => {
    const page = await openPage();
    page.type('ahk_0123456789abcdef_' + 'a'.repeat(43));
    expect(page.saved()).toMatch(/^ahk_/);
    expect(page.timers.filter((timer) => !timer.cleared)).toEqual([]);
    expect(page.localStorage.calls).toEqual([]);
  });
});
