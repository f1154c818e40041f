import { render } from '@testing-library/react';
import { App } from '../app/App.js';
import { hrefOf } from '../app/navigation.js';
import type { PlanApi } from '../api/plan-api.js';
import { localHost } from '../host/local-host.js';
import type { TabHost } from '../host/tab-host.js';

/** Renders the whole tab at a path of the app (base added), as a browser opening that link would. */
export function renderTab(path: string, api: PlanApi, options: { host?: TabHost; search?: string; hash?: string } = {}) {
  window.history.replaceState(null, '', `${hrefOf(path, options.search ?? '')}${options.hash ?? ''}`);
  const host = options.host ?? localHost(window.location);
  return render(<App host={host} api={api} />);
}

/** The query string of the address bar, as parameters. */
export function currentParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}
