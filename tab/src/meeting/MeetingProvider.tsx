import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTab } from '../app/tab-context.js';
import type { LiveWalkThrough, WalkThroughSnapshot } from './live-walk-through.js';
import { MeetingSessionContext, type MeetingSession } from './meeting-session.js';
import { WalkThroughContext } from './walk-through-context.js';

export type MeetingJoin = { status: 'joining' } | { status: 'failed'; message: string } | { status: 'joined'; walk: LiveWalkThrough };

const NO_SNAPSHOT = (): WalkThroughSnapshot | null => null;
const NO_SUBSCRIPTION = () => () => undefined;

/** How long to wait before joining again after the meeting's session was lost. */
const REJOIN_MS = [1000, 2000, 5000, 10_000];

/**
 * In a meeting (Teams, or simulated with `?meeting=`), joins its Live Share session and gives the
 * views what it shares; outside one it renders its children alone. Live Share and Fluid are loaded
 * here, on demand, so the tab outside meetings never downloads them.
 */
export function MeetingProvider({ children }: { children: ReactNode }) {
  const { host } = useTab();
  const [join, setJoin] = useState<MeetingJoin>({ status: 'joining' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const liveShare = host.liveShare;
    if (liveShare === null) return;
    let live = true;
    let walk: LiveWalkThrough | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    setJoin({ status: 'joining' });
    Promise.all([import('./live-walk-through.js'), liveShare()])
      .then(([{ joinWalkThrough }, setup]) => joinWalkThrough(setup, { frame: host.frame, userId: host.user?.id ?? null, onLost: () => live && rejoin() }))
      .then(
        (joined) => {
          walk = joined;
          if (live) setJoin({ status: 'joined', walk: joined });
          else joined.dispose();
        },
        (error: unknown) => {
          if (!live) return;
          setJoin({ status: 'failed', message: error instanceof Error ? error.message : 'the meeting’s shared session did not start' });
          rejoin();
        },
      );
    // A session Fluid gave up on (closed, not just disconnected) is joined again, catching up to the presenter.
    function rejoin() {
      retry ??= setTimeout(() => live && setAttempt((n) => n + 1), REJOIN_MS[Math.min(attempt, REJOIN_MS.length - 1)]);
    }
    return () => {
      live = false;
      clearTimeout(retry);
      walk?.dispose();
    };
  }, [host, attempt]);

  const walk = join.status === 'joined' ? join.walk : null;
  const snapshot = useSyncExternalStore(walk?.subscribe ?? NO_SUBSCRIPTION, walk?.snapshot ?? NO_SNAPSHOT);
  const session = useMemo<MeetingSession | null>(
    () =>
      walk === null || snapshot === null
        ? null
        : {
            stage: snapshot.presented,
            discussed: snapshot.discussed,
            changeSignal: snapshot.changeSignal,
            announceChange: (planId) => void walk.announceChange(planId).catch(() => undefined),
          },
    [walk, snapshot],
  );

  if (host.liveShare === null) return <>{children}</>;
  return (
    <WalkThroughContext.Provider value={{ join, snapshot }}>
      <MeetingSessionContext.Provider value={session}>{children}</MeetingSessionContext.Provider>
    </WalkThroughContext.Provider>
  );
}
