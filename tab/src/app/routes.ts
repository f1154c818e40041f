/** The tab's views, addressed by path under the app's base (see tab/README.md). */
export type Route =
  | { view: 'plans' }
  | { view: 'plan'; planId: string; ref: string | null }
  | { view: 'stage'; planId: string }
  /** The annual report pack; its year is the query's (?year=2025-26). */
  | { view: 'report'; planId: string }
  | { view: 'config' }
  /** Bring a document in: a new plan, or (with planId) the plan's next version. */
  | { view: 'import'; planId: string | null }
  /** Teams' sign-in window: asks Entra for consent, then reports back (see views/ConsentPages.tsx). */
  | { view: 'consent'; step: 'start' | 'end' }
  | { view: 'unknown'; path: string };

const decode = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/** Reads a route from a path (base already removed, or a "#/config" hash path). */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { view: 'plans' };
  if (parts.length === 1 && parts[0] === 'config') return { view: 'config' };
  if (parts.length === 1 && parts[0] === 'consent') return { view: 'consent', step: 'start' };
  if (parts.length === 1 && parts[0] === 'consent-end') return { view: 'consent', step: 'end' };
  if (parts[0] === 'plans' && parts.length === 1) return { view: 'plans' };
  if (parts.length === 1 && parts[0] === 'import') return { view: 'import', planId: null };
  if (parts[0] === 'plans' && parts[1] !== undefined) {
    const planId = decode(parts[1]);
    if (planId === null) return { view: 'unknown', path };
    if (parts.length === 2) return { view: 'plan', planId, ref: null };
    if (parts.length === 3 && parts[2] === 'stage') return { view: 'stage', planId };
    if (parts.length === 3 && parts[2] === 'report') return { view: 'report', planId };
    if (parts.length === 3 && parts[2] === 'import') return { view: 'import', planId };
    if (parts.length === 4 && parts[2] === 'actions') {
      const ref = decode(parts[3]!);
      if (ref !== null) return { view: 'plan', planId, ref };
    }
  }
  return { view: 'unknown', path };
}

/** The path of a route, without the base. */
export function routePath(route: Exclude<Route, { view: 'unknown' }>): string {
  switch (route.view) {
    case 'plans':
      return '/';
    case 'config':
      return '/config';
    case 'consent':
      return route.step === 'start' ? '/consent' : '/consent-end';
    case 'plan':
      return route.ref === null
        ? `/plans/${encodeURIComponent(route.planId)}`
        : `/plans/${encodeURIComponent(route.planId)}/actions/${encodeURIComponent(route.ref)}`;
    case 'stage':
      return `/plans/${encodeURIComponent(route.planId)}/stage`;
    case 'report':
      return `/plans/${encodeURIComponent(route.planId)}/report`;
    case 'import':
      return route.planId === null ? '/import' : `/plans/${encodeURIComponent(route.planId)}/import`;
  }
}
