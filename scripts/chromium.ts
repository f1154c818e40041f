/**
 * Headless Chromium for the browser tests, the benchmarks and the icon renderer: Debian's package
 * driven by playwright-core, because `npx playwright install` cannot download browsers here
 * (STACK-NOTES, "Chromium"). One place decides which executable and which flags.
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const INSTALL_HINT =
  'run `bash scripts/install-chromium.sh` (it installs Debian\'s chromium: apt-get install -y --no-install-recommends chromium), or set PLAN_CHROMIUM to a Chromium executable';

// Sandboxing needs user namespaces that containers and CI runners often lack; the pages loaded are
// our own, from 127.0.0.1. The rest keeps a headless run quiet and offline.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--mute-audio',
];

export class ChromiumMissingError extends Error {
  constructor(readonly path: string) {
    super(`Chromium not found at ${path}: ${INSTALL_HINT}`);
    this.name = 'ChromiumMissingError';
  }
}

/** The executable to use: PLAN_CHROMIUM when set, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PLAN_CHROMIUM?.trim();
  return configured ? configured : DEFAULT_CHROMIUM;
}

/** The executable if it is there and runnable, else null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = chromiumPath(env);
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

export interface LaunchChromiumOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra command-line flags after the defaults. */
  args?: string[];
}

/** Launches headless Chromium, or throws ChromiumMissingError saying how to install it. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const env = options.env ?? process.env;
  const path = findChromium(env);
  if (path === null) throw new ChromiumMissingError(chromiumPath(env));
  return chromium.launch({ executablePath: path, headless: true, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
}
