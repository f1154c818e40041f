import { FluentProvider, makeStyles, Spinner, tokens, useFocusFinders } from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { createPlanApi, type PlanApi } from '../api/plan-api.js';
import type { TabHost, ThemeName } from '../host/tab-host.js';
import { MeetingProvider } from '../meeting/MeetingProvider.js';
import { LocalBanner } from '../views/LocalBanner.js';
import { PlansList } from '../views/PlansList.js';
import { PlanView } from '../views/PlanView.js';
import { NotFoundPage } from '../views/StatusPage.js';
import { fluentTheme } from './fluent-theme.js';
import { navigate, useTabLocation } from './navigation.js';
import { parseRoute } from './routes.js';
import { TabContext, type TabServices } from './tab-context.js';

const StageView = lazy(() => import('../views/StageView.js'));
const ConfigPage = lazy(() => import('../views/ConfigPage.js'));
const ConsentPage = lazy(() => import('../views/ConsentPage.js'));
const ImportPage = lazy(() => import('../views/import/ImportPage.js'));
const AnnualReport = lazy(() => import('../views/report/AnnualReport.js'));
// Only a stage in a meeting shows it.
const StageFollow = lazy(() => import('../meeting/StageFollow.js').then((m) => ({ default: m.StageFollow })));

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
});

/**
 * Keeps Fluent's focus manager (tabster) alive for the app's life. Otherwise the action dialog is
 * its only user: closing the dialog disposes it before it has taken aria-hidden off the page
 * (tabster clears its pending update on dispose), and the plan view stays hidden from screen
 * readers after the dialog closes (checked in test/browser/tab.browser.test.ts).
 */
function FocusManager() {
  useFocusFinders();
  return null;
}

export interface AppProps {
  host: TabHost;
  /** Tests pass a stand-in; by default the API on the same origin, with the host's token. */
  api?: PlanApi;
}

export function App({ host, api }: AppProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  const services = useMemo<TabServices>(() => ({ host, api: api ?? createPlanApi({ getToken: () => host.getToken() }) }), [host, api]);

  return (
    <TabContext.Provider value={services}>
      {/* color-scheme makes native parts (date pickers, scroll bars) follow the theme too. */}
      <FluentProvider theme={fluentTheme(theme)} className={styles.root} data-theme={theme} style={{ colorScheme: theme === 'default' ? 'light' : 'dark' }}>
        <FocusManager />
        {host.kind === 'local' && <LocalBanner />}
        <MeetingProvider>
          <Suspense fallback={<Spinner label="Loading…" />}>
            <TabRoutes host={host} />
          </Suspense>
        </MeetingProvider>
      </FluentProvider>
    </TabContext.Provider>
  );
}

/** The view for the address bar; only this re-renders when a filter changes the URL, not the provider above. */
function TabRoutes({ host }: { host: TabHost }) {
  const location = useTabLocation();
  // A deep link (the activity feed's, to an action) opens the tab at its start: go there once, in place of the list.
  useEffect(() => {
    if (host.startPath !== null && parseRoute(location.path).view === 'plans') navigate(host.startPath, '', { replace: true });
    // Only where the tab opened: later visits to the list stay on it.
  }, [host]);
  const route = parseRoute(location.path);
  let view;
  if (route.view === 'consent') view = <ConsentPage step={route.step} />;
  else if (route.view === 'config' || host.frame === 'settings') view = <ConfigPage search={location.search} />;
  else if (route.view === 'plans') view = <PlansList search={location.search} />;
  else if (route.view === 'import') view = <ImportPage planId={route.planId} />;
  else if (route.view === 'report') view = <AnnualReport planId={route.planId} search={location.search} />;
  else if (route.view === 'stage' || (route.view === 'plan' && host.frame === 'meetingStage'))
    view = (
      <>
        {host.liveShare !== null && <StageFollow planId={route.planId} search={location.search} />}
        <StageView planId={route.planId} search={location.search} />
      </>
    );
  else if (route.view === 'plan') view = <PlanView key={route.planId} planId={route.planId} openRef={route.ref} search={location.search} />;
  else view = <NotFoundPage what={`Nothing lives at “${route.path}” in the plan tab.`} />;
  return view;
}
