import { createContext, useContext } from 'react';
import type { PlanApi } from '../api/plan-api.js';
import type { TabHost } from '../host/tab-host.js';

export interface TabServices {
  host: TabHost;
  api: PlanApi;
}

export const TabContext = createContext<TabServices | null>(null);

export function useTab(): TabServices {
  const services = useContext(TabContext);
  if (services === null) throw new Error('useTab outside <TabContext.Provider>');
  return services;
}
