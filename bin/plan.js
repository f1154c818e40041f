#!/usr/bin/env node
/*
 * The `plan` command. Production runs the compiled build (`npm run build` writes dist/); a fresh
 * clone, and anyone editing the TypeScript, runs the sources through tsx with no build step.
 *
 * The rule: dist/ runs when its entry is at least as new as every .ts file under src/ and bot/
 * (a build older than an edit would run yesterday's code). The sources run otherwise, and always
 * under the test runner (vitest sets VITEST) or with PLAN_RUN_SOURCES=1, so the tests exercise the
 * TypeScript itself, not a build that happens to be lying around.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/src/app/main.js');

/** Whether some source is newer than the build; a deployment that ships dist/ alone has none. */
function newerSourceThan(mtimeMs) {
  for (const folder of ['src', 'bot']) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true })) {
      if (name.endsWith('.ts') && statSync(join(dir, name)).mtimeMs > mtimeMs) return true;
    }
  }
  return false;
}

function runBuild() {
  if (process.env.VITEST || process.env.PLAN_RUN_SOURCES === '1' || !existsSync(built)) return false;
  return !newerSourceThan(statSync(built).mtimeMs);
}

if (runBuild()) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/app/main.ts');
}
