import { useSyncExternalStore } from 'react';

/**
 * The address bar is the tab's state for where you are and what is filtered: history.pushState and
 * replaceState, with one subscription so components re-render when it changes.
 */
export interface TabLocation {
  /** Path under the app's base, starting with "/" ("/plans/abc"); a "#/config" hash path counts too. */
  path: string;
  /** The query string, with its "?" or empty. */
  search: string;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener('hashchange', listener);
  };
}

/** The app's base path without its trailing slash ("/tab"), from Vite's base. */
export function basePath(): string {
  return (import.meta.env.BASE_URL ?? '/').replace(/\/$/, '');
}

let cached: TabLocation | null = null;
let cachedKey = '';

function snapshot(): TabLocation {
  const { pathname, search, hash } = window.location;
  const key = `${pathname}${search}${hash}`;
  if (cached !== null && key === cachedKey) return cached;
  const base = basePath();
  let path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  if (hash.startsWith('#/')) path = hash.slice(1).split('?')[0] ?? '/';
  cached = { path: path === '' ? '/' : path, search };
  cachedKey = key;
  return cached;
}

export function useTabLocation(): TabLocation {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** The full URL (path with base, and query) of a path in the app. */
export function hrefOf(path: string, search = ''): string {
  const query = search === '' || search === '?' ? '' : search.startsWith('?') ? search : `?${search}`;
  return `${basePath()}${path}${query}`;
}

export interface NavigateOptions {
  replace?: boolean;
  /** Marks the entry as an overlay opened from the list, so closing it can go back. */
  overlay?: boolean;
}

export function navigate(path: string, search = '', options: NavigateOptions = {}): void {
  const href = hrefOf(path, search);
  const state = options.overlay ? { overlay: true } : null;
  if (options.replace) window.history.replaceState(state, '', href);
  else window.history.pushState(state, '', href);
  notify();
}

/** Whether the current history entry was opened over the list (so Back returns to it). */
export function isOverlayEntry(): boolean {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null && 'overlay' in state && state.overlay === true;
}
