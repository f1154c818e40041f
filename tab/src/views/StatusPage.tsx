import { Button, Link } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { ApiError } from '../api/api-error.js';
import { hrefOf, navigate } from '../app/navigation.js';
import { setPlanState } from '../app/plan-state.js';
import { useTab } from '../app/tab-context.js';
import { useStatusStyles } from './StatusPage.styles.js';

function AllPlansLink() {
  return (
    <Link
      href={hrefOf('/')}
      onClick={(e) => {
        e.preventDefault();
        navigate('/');
      }}
    >
      See all plans
    </Link>
  );
}

function Page({ title, children, state }: { title: string; children: ReactNode; state: 'error' | 'not-found' }) {
  const styles = useStatusStyles();
  useEffect(() => setPlanState(state), [state]);
  return (
    <main className={styles.root} aria-labelledby="status-heading">
      <h1 id="status-heading" className={styles.heading}>
        {title}
      </h1>
      {children}
    </main>
  );
}

/**
 * The person has not yet let the app read SharePoint for them. In Teams the button opens Teams'
 * sign-in window to ask (prompt=consent); after a yes the load is tried again, telling the server
 * consent was just given so it waits for it to reach SharePoint.
 */
function ConsentNeeded({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const styles = useStatusStyles();
  const { host, api } = useTab();
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const canAsk = host.requestConsent !== null && error.scopes.length > 0;

  async function ask() {
    setAsking(true);
    setRefused(null);
    try {
      await host.requestConsent!(error.scopes);
      api.consentGranted?.();
      onRetry();
    } catch (reason) {
      setRefused(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setAsking(false);
    }
  }

  return (
    <Page title="Permission needed" state="error">
      <p className={styles.detail}>
        The plan app reads the plan from your organisation's SharePoint site on your behalf, and needs your permission (or an
        administrator's) to do that.
      </p>
      <ol className={styles.steps}>
        {canAsk ? <li>Select Give permission, and agree in the Microsoft window that opens.</li> : <li>Close and reopen the tab: Teams asks you for permission.</li>}
        <li>If your organisation does not let people give permission to apps, ask your Teams administrator to grant admin consent for the plan app.</li>
      </ol>
      <p className={styles.detail}>{error.message}</p>
      {refused !== null && <p role="alert">Permission was not given: {refused}</p>}
      {canAsk ? (
        <Button appearance="primary" disabled={asking} onClick={() => void ask()}>
          Give permission
        </Button>
      ) : (
        <Button appearance="primary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Page>
  );
}

export function NotFoundPage({ what }: { what: string }) {
  const styles = useStatusStyles();
  return (
    <Page title="Plan not found" state="not-found">
      <p className={styles.detail}>{what}</p>
      <p className={styles.detail}>The link may be out of date, or the plan was removed. Pick the plan from the list instead.</p>
      <AllPlansLink />
    </Page>
  );
}

/** What to do about a failed load, by kind: never a blank tab. */
export function ErrorPage({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const styles = useStatusStyles();
  const retry = (
    <Button appearance="primary" onClick={onRetry}>
      Try again
    </Button>
  );
  switch (error.kind) {
    case 'not-found':
      return <NotFoundPage what={error.message} />;
    case 'consent':
      return <ConsentNeeded error={error} onRetry={onRetry} />;
    case 'setup':
      return (
        <Page title="The plan app is not set up for your organisation" state="error">
          <p className={styles.detail}>An administrator of your Microsoft 365 organisation has to finish setting up the plan app before anyone can use it.</p>
          <p className={styles.detail}>{error.message}</p>
          {retry}
        </Page>
      );
    case 'forbidden':
      return (
        <Page title="No access to this plan" state="error">
          <p className={styles.detail}>
            You are signed in, but the plan's SharePoint site does not let you read it. Ask the plan owner to give you access to the site.
          </p>
          <p className={styles.detail}>{error.message}</p>
          <AllPlansLink />
        </Page>
      );
    case 'unauthorized':
      return (
        <Page title="Could not sign you in" state="error">
          <p className={styles.detail}>Teams could not confirm who you are to the plan service. Close and reopen the tab; if it keeps happening, tell your Teams administrator.</p>
          <p className={styles.detail}>{error.message}</p>
          {retry}
        </Page>
      );
    case 'conflict':
    case 'invalid':
    case 'unavailable':
      return (
        <Page title="The plan service is not answering" state="error">
          <p className={styles.detail}>The plan could not be loaded just now. Nothing has been lost: try again in a moment.</p>
          <p className={styles.detail}>{error.message}</p>
          {retry}
        </Page>
      );
  }
}
