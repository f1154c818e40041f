import { Button, Spinner } from '@fluentui/react-components';
import { lazy, Suspense, useState, type Ref } from 'react';
import type { ChannelDigest, PlanChannel } from '../../../src/plan/channel-digest.js';
import type { ChannelDigestPanelProps } from './ChannelDigestControlPanel.js';

// The panel's form (radio group, selects) is only downloaded when someone opens it: the plan's first load stays small.
const LazyPanel = lazy(() => import('./ChannelDigestControlPanel.js').then((m) => ({ default: m.ChannelDigestPanel })));

/**
 * The plan's digest setting as the tab shows it: the server's, until this person links, unlinks or
 * posts here; a fresh read of the plan (a reload, a refresh in a meeting) replaces it again.
 */
export function useChannelDigest(fromServer: ChannelDigest | null | undefined): [ChannelDigest | null, (digest: ChannelDigest | null) => void] {
  const read = fromServer ?? null;
  const [state, setState] = useState({ read, shown: read });
  if (state.read !== read) {
    // Adjusted while rendering (React's way for state that follows a prop), so no frame shows the old setting.
    setState({ read, shown: read });
    return [read, (shown) => setState({ read, shown })];
  }
  return [state.shown, (shown) => setState({ read, shown })];
}

/** Whether the plan's header offers the control: in a team's channel (it can be linked there), or when the plan is linked. */
export function showsChannelDigest(here: PlanChannel | null, digest: ChannelDigest | null): boolean {
  return here !== null || digest !== null;
}

export interface ChannelDigestButtonProps {
  expanded: boolean;
  controls: string;
  onToggle: () => void;
  /** For the panel to give focus back when it closes. */
  buttonRef?: Ref<HTMLButtonElement>;
}

/** Opens and closes the channel digest panel (a disclosure under the header, as Meetings is). */
export function ChannelDigestButton({ expanded, controls, onToggle, buttonRef }: ChannelDigestButtonProps) {
  return (
    <Button ref={buttonRef} appearance="outline" aria-expanded={expanded} aria-controls={controls} onClick={onToggle}>
      Channel digest
    </Button>
  );
}

/** The panel, loaded on first opening. */
export function ChannelDigestPanel(props: ChannelDigestPanelProps) {
  return (
    <Suspense fallback={<Spinner id={props.id} size="tiny" label="Loading the channel digest…" />}>
      <LazyPanel {...props} />
    </Suspense>
  );
}
