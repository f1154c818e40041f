import { localHost } from './local-host.js';
import type { TabHost } from './tab-host.js';
import type { TeamsSdk } from './teams-sdk.js';
import { teamsHost } from './teams-host.js';

export interface DetectHostOptions {
  window: Pick<Window, 'location' | 'parent' | 'opener' | 'setTimeout' | 'clearTimeout'>;
  /** Loads teams-js; only called when the page could be inside Teams, so a plain browser never downloads it. */
  loadTeams: () => Promise<TeamsSdk>;
  /** How long to wait for a Teams host to answer before falling back to local mode. */
  timeoutMs?: number;
  /** Absolute URL of the tab's consent page, for asking consent inside Teams. */
  consentPage?: string;
}

function withTimeout<T>(win: DetectHostOptions['window'], promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = win.setTimeout(() => reject(new Error(`no Teams host answered within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        win.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        win.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Teams runs a tab in an iframe (or a window it opened) and answers teams-js's handshake. A page
 * that is neither, or whose handshake goes unanswered, is in a plain browser: local mode.
 */
export async function detectHost(options: DetectHostOptions): Promise<TabHost> {
  const { window: win } = options;
  const params = new URLSearchParams(win.location.search);
  const framed = win.parent !== (win as unknown) || Boolean(win.opener);
  if (params.get('local') === '1' || !framed) return localHost(win.location);
  try {
    const sdk = await options.loadTeams();
    await withTimeout(win, sdk.app.initialize(), options.timeoutMs ?? 3000);
    const context = await sdk.app.getContext();
    const host = teamsHost(sdk, context, { consentPage: options.consentPage ?? '/tab/consent' });
    // The manifest may ask Teams to show its loading indicator until the tab says it is ready.
    void sdk.app.notifySuccess();
    return host;
  } catch {
    return localHost(win.location);
  }
}
