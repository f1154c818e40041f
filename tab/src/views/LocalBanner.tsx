import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/** Shown outside Teams: nobody is signed in, so nobody should mistake this for the real plan. */
export function LocalBanner() {
  return (
    <MessageBar intent="info" aria-label="Local demo">
      <MessageBarBody>
        <MessageBarTitle>Local demo</MessageBarTitle>
        Opened outside Teams: no sign-in, and updates are recorded under the server's local user name.
      </MessageBarBody>
    </MessageBar>
  );
}
