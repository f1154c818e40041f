import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { basePath } from '../app/navigation.js';
import { useTab } from '../app/tab-context.js';
import { authorizeUrl, consentOutcome, readConsentRequest } from '../host/consent-request.js';

const useStyles = makeStyles({
  root: { padding: tokens.spacingVerticalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '32rem' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

const STATE_KEY = 'plan-tab-consent-state';

const base64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

async function startConsent(): Promise<string | null> {
  const request = readConsentRequest(window.location.search);
  if (request === null) return 'This window was opened without saying what to ask permission for. Close it and try again from the tab.';
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(STATE_KEY, state);
  window.location.assign(authorizeUrl(request, { redirectUri: `${window.location.origin}${basePath()}/consent-end`, state, codeChallenge: challenge }));
  return null;
}

/**
 * The pages Teams' sign-in window shows (authentication.authenticate): /consent sends the person
 * to Microsoft Entra to consent, /consent-end reads Entra's answer and hands it back to the tab.
 */
export default function ConsentPage({ step }: { step: 'start' | 'end' }) {
  const styles = useStyles();
  const { host } = useTab();
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (step === 'start') {
      startConsent().then(setMessage, (error: unknown) => setMessage(error instanceof Error ? error.message : 'Could not open the permission request.'));
      return;
    }
    const expected = sessionStorage.getItem(STATE_KEY);
    sessionStorage.removeItem(STATE_KEY);
    const state = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('state');
    const answer = consentOutcome(window.location.hash);
    const outcome = answer.ok && (expected === null || state !== expected) ? { ok: false as const, reason: 'the answer did not come from the request this window made' } : answer;
    setMessage(outcome.ok ? 'Permission given. This window closes by itself.' : `Permission was not given: ${outcome.reason}`);
    host.finishAuthentication?.(outcome);
  }, [step, host]);

  return (
    <main className={styles.root} aria-labelledby="consent-heading">
      <h1 id="consent-heading" className={styles.heading}>
        Permission for the plan app
      </h1>
      {message === null ? <Spinner label="Opening the Microsoft sign-in page…" /> : <p role="status">{message}</p>}
    </main>
  );
}
