import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { compressedAssets } from './compressed-assets.js';

/** The tab lives under /tab/ (Vite `base: '/tab/'`, see tab/README.md). */
export const TAB_BASE = '/tab';

/**
 * Hosts that may frame the tab, as learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 * lists them: Teams (and *.skype.com, which Teams' own clients still frame tabs from), the
 * Microsoft 365 app and Outlook (which host the personal tab), the *.cloud.microsoft domains all
 * clients move to; and the tab itself for its own dialogs.
 */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.skype.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.cloud.microsoft',
];

/**
 * Where Live Share's Fluid containers live in a Teams meeting: Azure Fluid Relay, over HTTPS and
 * its web socket (learn.microsoft.com/azure/azure-fluid-relay/concepts/architecture). Teams names
 * the region's endpoint at run time, so the whole domain is allowed.
 */
export const FLUID_RELAY_SOURCES = ['https://*.fluidrelay.azure.com', 'wss://*.fluidrelay.azure.com'];

/**
 * Same-origin everything but Live Share's Fluid service: the bundle, the API, the images. Styles
 * allow inline because Fluent UI (Griffel) inserts its atomic CSS at run time; scripts never do.
 * No X-Frame-Options: its only values (DENY, SAMEORIGIN) would stop Teams from framing the tab,
 * and frame-ancestors supersedes it. `fluidSources` adds a local Fluid service (a simulated meeting).
 */
export function tabContentSecurityPolicy(fluidSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...FLUID_RELAY_SOURCES, ...fluidSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
}

export const TAB_CONTENT_SECURITY_POLICY = tabContentSecurityPolicy();

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** tab/dist of this checkout: found from this file, whether run from src/ or compiled into dist/. */
export function defaultTabDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'tab', 'dist');
    const parent = dirname(dir);
    if (parent === dir) return resolve('tab', 'dist');
    dir = parent;
  }
}

function securityHeaders(res: Response, policy: string): void {
  res.setHeader('Content-Security-Policy', policy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Filtered views put lead names in the query string: never send them to another site.
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * The built tab: hashed assets cached for a year, index.html never cached (it names the current
 * assets), and the tab's client-side routes answered with index.html. `/` goes to the tab.
 */
export function tabStatic(tabDir: string = defaultTabDir(), options: { fluidSources?: readonly string[] } = {}): Router {
  const router = Router();
  const indexFile = join(tabDir, 'index.html');
  const policy = tabContentSecurityPolicy(options.fluidSources);

  router.get('/', (_req, res) => res.redirect(302, `${TAB_BASE}/`));
  router.use(TAB_BASE, (req, res, next) => {
    securityHeaders(res, policy);
    // Express would redirect "/tab" to "/tab/" only for a directory; make it explicit.
    if (req.originalUrl === TAB_BASE || req.originalUrl.startsWith(`${TAB_BASE}?`)) {
      res.redirect(301, `${TAB_BASE}/${req.originalUrl.slice(TAB_BASE.length)}`);
      return;
    }
    next();
  });
  const immutable = `public, max-age=${YEAR_SECONDS}, immutable`;
  router.use(
    `${TAB_BASE}/assets`,
    compressedAssets(join(tabDir, 'assets'), immutable),
    express.static(join(tabDir, 'assets'), { index: false, setHeaders: (res) => res.setHeader('Cache-Control', immutable) }),
    // A missing hashed asset is a 404, never index.html served as JavaScript.
    (_req: Request, res: Response) => {
      res.status(404).type('text/plain').setHeader('Cache-Control', 'no-store');
      res.send('No such tab asset: the tab was rebuilt since this page loaded; reload it.\n');
    },
  );
  router.use(
    TAB_BASE,
    express.static(tabDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  router.use(TAB_BASE, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!existsSync(indexFile)) {
      res.status(503).type('text/plain').setHeader('Cache-Control', 'no-store');
      res.send('The plan tab is not built yet: `npm start` builds it, or `npx vite build --config tab/vite.config.ts`; then reload.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile, { cacheControl: false }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}
