import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLocalSettings, resolveAppConfig } from '../../src/config/app-config.js';
import { SettingsError } from '../../src/config/settings-error.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from '../server/local-bot.js';

/*
 * STATIC CHECKS of the container image's definition. No image is built by the test suite: the
 * machines have the docker CLI but no daemon, and a build downloads Debian's and npm's packages for
 * minutes. scripts/build-image-without-docker.sh builds it with buildah, starts it and asks it for
 * /api/health (docs/deploy.md); nothing below proves that.
 * What can be checked without building is: the Dockerfile's stages and instructions as text, that
 * what it copies exists and is not ignored, that the runtime code imports no dev dependency, that
 * the HEALTHCHECK's path is one the server answers (asked of the real app), and that the address
 * the image listens on is refused in local mode and accepted in tenant mode (the real settings code).
 */

const ROOT = join(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string>; scripts: Record<string, string> };

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions: continuation lines joined, comments dropped. */
function stages(): { args: Map<string, string>; stages: Stage[] } {
  const logical = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = new Map<string, string>();
  const result: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const text = rest.join(' ');
    if (keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(text);
      result.push({ from: m?.[1] ?? '', name: m?.[2] ?? String(result.length), instructions: [] });
    } else if (result.length === 0 && keyword === 'ARG') {
      const [name = '', value = ''] = text.split('=');
      args.set(name, value);
    } else {
      result.at(-1)?.instructions.push({ keyword, args: text });
    }
  }
  return { args, stages: result };
}

const parsed = stages();
const runtime = parsed.stages.at(-1)!;
const named = (keyword: string, stage: Stage = runtime): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);
const base = (stage: Stage): string => stage.from.replace(/^\$\{(\w+)\}$/, (_m, name: string) => parsed.args.get(name) ?? '');

/** Whether .dockerignore keeps a path out of the build context (its simple patterns: names, dirs, globs, ! exceptions). */
function ignored(path: string): boolean {
  let result = false;
  for (const raw of dockerignore) {
    const negate = raw.startsWith('!');
    const pattern = negate ? raw.slice(1) : raw;
    const regex = new RegExp(`^${pattern.replace(/[.+^$()|[\]{}]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}(/.*)?$`);
    if (regex.test(path)) result = !negate;
  }
  return result;
}

let server: Server | null = null;
afterEach(async () => {
  if (server) await close(server);
  server = null;
});

describe('the Dockerfile (static check: the image is not built here)', () => {
  it('builds in stages on Debian slim Node 20 and runs in a last stage of its own', () => {
    expect(parsed.stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    for (const stage of parsed.stages) expect(base(stage)).toMatch(/^node:20(\.\d+)*-(bookworm|bullseye|trixie)-slim$/);
  });

  it('runs as a non-root user, set before the command', () => {
    const users = named('USER');
    expect(users).toHaveLength(1);
    expect(users[0]!.args).not.toMatch(/^(root|0)(:|$)/);
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.indexOf('USER')).toBeLessThan(order.indexOf('CMD'));
    // What the user may write: the data directory only, and the code stays root's.
    expect(runtime.instructions.filter((i) => i.keyword === 'COPY').every((i) => i.args.includes('--chown=root:root'))).toBe(true);
  });

  it('takes its node_modules from an `npm ci --omit=dev` stage, never from the build stage that has the dev dependencies', () => {
    const deps = parsed.stages.find((s) => s.name === 'deps')!;
    expect(named('RUN', deps).some((i) => /\bnpm ci\b[^&]*--omit=dev/.test(i.args))).toBe(true);
    const copies = named('COPY');
    const modules = copies.filter((i) => i.args.includes('node_modules'));
    expect(modules.map((i) => /--from=(\S+)/.exec(i.args)?.[1])).toEqual(['deps']);
    // From the build stage only its outputs: the compiled server and the built tab.
    const fromBuild = copies.filter((i) => i.args.includes('--from=build')).map((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--'))[0]);
    expect(fromBuild).toEqual(['/app/dist', '/app/tab/dist']);
    // From the context: no sources, no tests, never the whole of it.
    const fromContext = copies.filter((i) => !i.args.includes('--from=')).flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(fromContext.sort()).toEqual(['bin/', 'package.json']);
    expect(named('RUN').some((i) => /\bnpm (ci|install|i)\b/.test(i.args))).toBe(false);
  });

  it('imports no dev dependency in the code the image runs (src/ and bot/ outside the tests)', () => {
    const offenders: string[] = [];
    const dev = Object.keys(pkg.devDependencies).filter((name) => !name.startsWith('@types/'));
    for (const folder of ['src', 'bot']) {
      for (const name of readdirSync(join(ROOT, folder), { recursive: true }) as string[]) {
        if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
        const text = readFileSync(join(ROOT, folder, name), 'utf8');
        for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^'"]*['"]([^'"./][^'"]*)['"]|import\(\s*['"]([^'"./][^'"]*)['"]\s*\)/gm)) {
          const spec = m[1] ?? m[2] ?? '';
          const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (dev.includes(pkgName)) offenders.push(`${folder}/${name}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('copies only what exists and what .dockerignore lets into the context, and ignores modules, builds, data and secrets', () => {
    const sources = parsed.stages.flatMap((stage) =>
      named('COPY', stage)
        .filter((i) => !i.args.includes('--from='))
        .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1)),
    );
    for (const source of sources.filter((s) => s !== '.')) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignored(source.replace(/\/$/, '')), source).toBe(false);
    }
    for (const path of ['node_modules', 'tab/node_modules', 'dist', 'tab/dist', 'data', 'data/plans.db', '.env', 'app.pem', 'test', '.git']) expect(ignored(path), path).toBe(true);
    for (const path of ['src', 'bot', 'tab/src', 'samples', 'scripts/link-bin.js', 'package-lock.json', 'scripts/build-server.ts', '.env.example']) expect(ignored(path), path).toBe(false);
  });

  it('runs the compiled build: bin/plan.js serve, which runs dist/ when no source is there to be newer', () => {
    const cmd = named('CMD');
    expect(cmd).toHaveLength(1);
    expect(JSON.parse(cmd[0]!.args)).toEqual(['node', 'bin/plan.js', 'serve']);
    const bin = readFileSync(join(ROOT, 'bin/plan.js'), 'utf8');
    expect(bin).toContain("'dist/src/app/main.js'");
    expect(bin).toMatch(/if \(!existsSync\(dir\)\) continue;/);
    expect(pkg.scripts.build).toContain('scripts/build-server.ts');
    expect(existsSync(join(ROOT, 'src/app/main.ts'))).toBe(true);
    const buildStage = parsed.stages.find((s) => s.name === 'build')!;
    expect(named('RUN', buildStage).some((i) => i.args.includes('npm run build') && i.args.includes('npm run build:tab'))).toBe(true);
  });

  it('checks /api/health, a path the server answers with 200 and no store call', async () => {
    const check = named('HEALTHCHECK');
    expect(check).toHaveLength(1);
    const path = /127\.0\.0\.1:' \+ \(process\.env\.PLAN_PORT \|\| 3978\) \+ '(\/[^']*)'/.exec(check[0]!.args)?.[1];
    expect(path).toBe('/api/health');
    const touched: string[] = [];
    const store = new Proxy({} as PlanStore, {
      get: (_t, property) => {
        if (property === 'then') return undefined;
        return () => {
          touched.push(String(property));
          throw new Error('the health check asked the store');
        };
      },
    });
    const app = createApp({ store, clock: () => new Date(), identify: async () => ({ name: 'x', userId: null }), log: () => {}, storeKind: 'sharepoint', bot: localBot(store) });
    const bound = await listen(app, '127.0.0.1', 0);
    server = bound.server;
    const res = await fetch(`${bound.url}${path}`);
    expect(res.status).toBe(200);
    expect(touched).toEqual([]);
  });

  it('listens on 0.0.0.0, which the server accepts in tenant mode and refuses in local mode, naming PLAN_HOST', () => {
    const env = named('ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/\bPLAN_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bPLAN_PORT=3978\b/);
    expect(named('EXPOSE')[0]?.args).toBe('3978');
    const local = readLocalSettings({ PLAN_HOST: '0.0.0.0', PLAN_PORT: '3978' });
    expect(() => resolveAppConfig(local)).toThrow(SettingsError);
    try {
      resolveAppConfig(local);
    } catch (error) {
      expect((error as SettingsError).variable).toBe('PLAN_HOST');
      expect((error as Error).message).toContain('local mode has no sign-in');
    }
    expect(resolveAppConfig(local, { signInRequired: true }).host).toBe('0.0.0.0');
  });
});
