import { useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from '../app/navigation.js';
import { EMPTY_FILTER, readFilter, writeFilter, type TabFilter } from './tab-filter.js';

/** How long the address bar waits behind the screen while someone types or clicks through filters. */
export const URL_WRITE_DELAY_MS = 150;

export interface UrlFilter {
  filter: TabFilter;
  /** The query string for the filter on screen (with every other parameter kept), for links. */
  search: string;
  patch: (patch: Partial<TabFilter>) => void;
  clear: () => void;
  /** Writes a pending change to the address bar now: call before navigating elsewhere. */
  flush: () => void;
}

/**
 * The plan view's filter: applied on screen at once, written to the address bar (replaceState) a
 * moment later, because writing the URL on every keystroke costs part of the frame the list needs.
 * A change of address from outside (Back, a shared link) replaces the filter.
 */
export function useUrlFilter(planPath: string, search: string): UrlFilter {
  const [filter, setFilter] = useState(() => readFilter(search));
  const latest = useRef(filter);
  const written = useRef(writeFilter(filter).toString());
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const fromUrl = readFilter(search);
    const key = writeFilter(fromUrl).toString();
    if (key !== written.current && !pending.current) {
      written.current = key;
      latest.current = fromUrl;
      setFilter(fromUrl);
    }
  }, [search]);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    if (!pending.current) return;
    pending.current = false;
    written.current = writeFilter(latest.current).toString();
    navigate(planPath, writeFilter(latest.current, window.location.search).toString(), { replace: true });
  }, [planPath]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = useCallback(
    (next: TabFilter) => {
      latest.current = next;
      pending.current = true;
      setFilter(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, URL_WRITE_DELAY_MS);
    },
    [flush],
  );
  const patch = useCallback((change: Partial<TabFilter>) => apply({ ...latest.current, ...change }), [apply]);
  // The order picks no action: clearing the filters keeps it.
  const clear = useCallback(() => apply({ ...EMPTY_FILTER, order: latest.current.order }), [apply]);

  return { filter, search: writeFilter(filter, search).toString(), patch, clear, flush };
}
