import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

// In the tab's column the banner keeps its height; a narrow side panel wraps it over three lines.
// It is about this window, not the plan: never on paper.
const useStyles = makeStyles({ banner: { flexShrink: 0, '@media print': { display: 'none' } } });

/** Shown outside Teams: nobody is signed in, so nobody should mistake this for the real plan. */
export function LocalBanner() {
  const styles = useStyles();
  return (
    <MessageBar intent="info" aria-label="Local demo" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>Local demo</MessageBarTitle>
        Opened outside Teams: no sign-in, and updates are recorded under the server's local user name.
      </MessageBarBody>
    </MessageBar>
  );
}
