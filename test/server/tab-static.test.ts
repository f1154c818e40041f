import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { TAB_FRAME_ANCESTORS } from '../../src/server/tab-static.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from './local-bot.js';

// A minimal build output in Vite's shape (index.html naming a hashed asset), not a fake tab.
const INDEX = '<!doctype html><html><head><script type="module" src="/tab/assets/index-3f2a9c1d.js"></script></head><body><div id="root"></div></body></html>\n';
const ASSET = `document.getElementById("root").textContent = "built";\n${'// padding so compression shows\n'.repeat(40)}`;

let dir: string;
let store: PlanStore;
const servers: Server[] = [];

async function serve(tabDir: string): Promise<string> {
  const app = createApp({ store, clock: () => new Date('2018-01-10T09:00:00Z'), identify: async () => ({ name: 'Test', userId: null }), log: () => {}, storeKind: 'sqlite', tabDir, bot: localBot(store) });
  const { server, url } = await listen(app, '127.0.0.1', 0);
  servers.push(server);
  return url;
}

let built: string;
let unbuilt: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-tab-static-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const dist = join(dir, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-3f2a9c1d.js'), ASSET);
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  built = await serve(dist);
  unbuilt = await serve(join(dir, 'never-built'));
});

afterAll(async () => {
  for (const server of servers) await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });

describe('serving the built tab', () => {
  it('answers /tab/ with index.html, never cached, so a new build is picked up at once', async () => {
    const res = await get(`${built}/tab/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('caches hashed assets for a year as immutable', async () => {
    const res = await get(`${built}/tab/assets/index-3f2a9c1d.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(ASSET);
  });

  it('serves other build files (favicon) without long caching', async () => {
    const res = await get(`${built}/tab/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it.each(['/tab/plans/p1', '/tab/plans/p1/actions/4.2b?lead=Jane%20Price', '/tab/plans/p1/stage', '/tab/config'])('answers the client-side route %s with index.html', async (path) => {
    const res = await get(`${built}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('answers a missing hashed asset with 404, not index.html served as JavaScript', async () => {
    const res = await get(`${built}/tab/assets/index-00000000.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toContain('<html');
  });

  it('sends / to the tab, and /tab to /tab/ keeping the query', async () => {
    const root = await get(`${built}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/tab/');
    const bare = await get(`${built}/tab?theme=dark`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/tab/?theme=dark');
  });

  it('leaves the API alone: an unknown API path is still a JSON 404', async () => {
    const res = await get(`${built}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('does not answer other methods with the page', async () => {
    const res = await get(`${built}/tab/plans/p1`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it('says how to build the tab when tab/dist has no index.html', async () => {
    const res = await get(`${unbuilt}/tab/plans/p1`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npx vite build --config tab/vite.config.ts');
  });
});

describe('security headers of the tab', () => {
  it('lets Teams, the Microsoft 365 app and Outlook frame the tab (frame-ancestors), and nothing else', async () => {
    const res = await get(`${built}/tab/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    expect(ancestors).toEqual(TAB_FRAME_ANCESTORS);
    // Every host tabs/how-to/tab-requirements lists, *.skype.com for Teams' older clients included.
    expect([...(ancestors ?? [])].sort()).toEqual(
      [
        "'self'",
        'https://teams.microsoft.com',
        'https://*.teams.microsoft.com',
        'https://*.skype.com',
        'https://*.microsoft365.com',
        'https://*.office.com',
        'https://outlook.office.com',
        'https://outlook.office365.com',
        'https://*.cloud.microsoft',
      ].sort(),
    );
  });

  it('sends no X-Frame-Options, which would stop Teams from framing the tab', async () => {
    for (const path of ['/tab/', '/tab/assets/index-3f2a9c1d.js', '/tab/config']) {
      expect((await get(`${built}${path}`)).headers.get('x-frame-options')).toBeNull();
    }
  });

  it('allows scripts from its own origin only, and never inline', async () => {
    const csp = (await get(`${built}/tab/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('keeps filtered URLs (lead names in the query) out of Referer headers, and stops MIME sniffing', async () => {
    const res = await get(`${built}/tab/plans/p1?lead=Jane%20Price`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('compression of the tab assets', () => {
  function raw(url: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      httpGet(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  it('sends a hashed asset brotli-compressed when the browser accepts it, still cached for a year', async () => {
    const res = await raw(`${built}/tab/assets/index-3f2a9c1d.js`, 'gzip, deflate, br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(ASSET));
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(ASSET);
  });

  it('falls back to gzip, and to the file itself for a client that accepts neither', async () => {
    const gz = await raw(`${built}/tab/assets/index-3f2a9c1d.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(ASSET);
    const plain = await raw(`${built}/tab/assets/index-3f2a9c1d.js`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(ASSET);
  });

  it('never serves a file outside the build, whatever the path says', async () => {
    const res = await raw(`${built}/tab/assets/..%2f..%2fplans.db`, 'br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).not.toContain('SQLite');
  });
});
