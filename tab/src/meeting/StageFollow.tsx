import { Button, makeStyles, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../app/navigation.js';
import { useTab } from '../app/tab-context.js';
import { STAGE_TYPE } from '../views/StageView.styles.js';
import { routePath } from '../app/routes.js';
import { followStatus, personWords } from './follow-words.js';
import type { LiveWalkThrough, WalkThroughSnapshot } from './live-walk-through.js';
import type { SharedStage } from './meeting-session.js';
import { followedSearch, sameStage, sharedSearch } from './shared-stage.js';
import { useWalkThrough } from './walk-through-context.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    // The stage's own scale (read across a room), a step smaller: the bar is about the meeting, not the plan.
    fontSize: `calc(${STAGE_TYPE} * 0.8)`,
    columnGap: '0.8em',
    rowGap: '0.2em',
    paddingBlock: '0.3em',
    paddingInline: '1.2em',
    lineHeight: 1.3,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  status: { fontWeight: tokens.fontWeightSemibold },
  people: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexWrap: 'wrap', columnGap: '0.8em', color: tokens.colorNeutralForeground2 },
  // Fluent's buttons have pixel sizes; on the stage they take the bar's.
  button: { fontSize: 'inherit', minHeight: '2em', paddingInline: '0.8em' },
  spacer: { flexGrow: 1 },
});

/**
 * The stage in a meeting: keeps this window's stage URL and the meeting's walk-through in step
 * (following the presenter, sharing when presenting, looking ahead when moved while following),
 * and shows who presents, who follows, and the buttons to present, return or hand over.
 */
export function StageFollow({ planId, search }: { planId: string; search: string }) {
  const { host } = useTab();
  const state = useWalkThrough();
  const walk = state?.join.status === 'joined' ? state.join.walk : null;
  const snapshot = state?.snapshot ?? null;
  const mine = { planId, search: sharedSearch(search) };
  const sharing = useSharerPresents(walk, snapshot, host.user?.id ?? null, mine);
  useStageSync(walk, snapshot, mine, sharing);
  if (state === null) return null;
  return <FollowBar state={state} walk={walk} snapshot={snapshot} mine={mine} />;
}

/**
 * Keeps this window's stage and the walk-through in step: follows the presenter's stage, and tells
 * the walk-through when this window moves (shared when presenting, looking ahead when following).
 * Not while `holding`: a stage opened by its sharer presents its own view before it follows anyone.
 */
function useStageSync(walk: LiveWalkThrough | null, snapshot: WalkThroughSnapshot | null, mine: SharedStage, holding: boolean): void {
  const shown = snapshot?.shown ?? null;
  const following = snapshot?.mode === 'following' && !holding;
  // What this window last took from the presenter: a location equal to it is the follow, not a move of its own.
  const applied = useRef<SharedStage | null>(null);

  useEffect(() => {
    if (!following || shown === null || sameStage(shown, mine)) return;
    applied.current = shown;
    navigate(routePath({ view: 'stage', planId: shown.planId }), followedSearch(shown.search, window.location.search), { replace: true });
    // Runs when the presenter's stage changes, not when this window's does (that is the effect below).
  }, [following, shown?.planId, shown?.search]);

  // While following, only a person's own key, click or choice moves this window away from the
  // presenter: the address also changes as the follow lands or the stage settles its view, and a
  // window that has just joined opens where its address said.
  const lastInput = useLastInput();
  useEffect(() => {
    if (walk === null || snapshot === null || holding) return;
    const ownMove = performance.now() - lastInput.current < OWN_MOVE_MS;
    if (following && (!ownMove || sameStage(mine, shown) || sameStage(mine, applied.current))) return;
    void walk.moved(mine).catch(() => undefined);
    // Runs when this window's own location changes (and once joined), not on every presence update.
  }, [walk, holding, mine.planId, mine.search]);
}

/** How soon after a person's input a change of the stage's address counts as theirs. */
const OWN_MOVE_MS = 1500;

/** When this window last had a key, pointer or form input from its person (performance.now()). */
function useLastInput(): { current: number } {
  const last = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const mark = () => {
      last.current = performance.now();
    };
    const kinds = ['keydown', 'pointerdown', 'change', 'input'] as const;
    for (const kind of kinds) window.addEventListener(kind, mark, { capture: true });
    return () => {
      for (const kind of kinds) window.removeEventListener(kind, mark, { capture: true });
    };
  }, []);
  return last;
}

/**
 * The person who shared the plan to the stage (teams-host.ts names them) presents it, once, as the
 * stage opens: sharing is asking for the room, so it takes control from anyone presenting before.
 * Answers whether that is still to happen (the stage then follows no one).
 */
function useSharerPresents(walk: LiveWalkThrough | null, snapshot: WalkThroughSnapshot | null, userId: string | null, mine: SharedStage): boolean {
  const sharer = new URLSearchParams(window.location.search).get('presenter');
  const [pending, setPending] = useState(() => userId !== null && sharer === userId);
  const mayPresent = snapshot?.mayPresent ?? false;
  useEffect(() => {
    if (!pending || walk === null || snapshot === null) return;
    if (!mayPresent) {
      // Teams lets this person share but not present (an attendee): their stage follows like any other.
      setPending(false);
      return;
    }
    void walk
      .present(mine)
      .catch(() => undefined)
      .finally(() => setPending(false));
    // Once joined: presents what the sharer's stage opened on.
  }, [pending, walk, snapshot === null, mayPresent]);
  return pending;
}

function FollowBar({ state, walk, snapshot, mine }: { state: NonNullable<ReturnType<typeof useWalkThrough>>; walk: LiveWalkThrough | null; snapshot: WalkThroughSnapshot | null; mine: SharedStage }) {
  const styles = useStyles();
  if (state.join.status === 'failed') {
    return (
      <div className={styles.bar} role="status">
        <span className={styles.status}>Not connected to the meeting: {state.join.message}. Trying again…</span>
      </div>
    );
  }
  if (walk === null || snapshot === null) {
    return (
      <div className={styles.bar} role="status">
        <Spinner size="extra-tiny" label="Joining the meeting’s walk-through…" />
      </div>
    );
  }
  const others = snapshot.people.filter((p) => !p.me && p.onStage && p.mayPresent);
  const act = (run: () => Promise<void>) => () => void run().catch(() => undefined);
  return (
    <section className={styles.bar} aria-label="Meeting walk-through">
      <span className={styles.status} role="status" aria-live="polite" data-follow-mode={snapshot.mode}>
        {snapshot.connection === 'reconnecting' ? 'Reconnecting to the meeting… ' : ''}
        {followStatus(snapshot)}
      </span>
      <ul className={styles.people} aria-label="In the meeting">
        {snapshot.people.map((person) => (
          <li key={person.userId}>{personWords(person, snapshot.presenter !== null)}</li>
        ))}
      </ul>
      <span className={styles.spacer} />
      {snapshot.mode === 'looking-ahead' && (
        <Button className={styles.button} appearance="primary" onClick={act(() => walk.returnToPresenter())}>
          Return to {snapshot.presenter?.name ?? 'the presenter'}
        </Button>
      )}
      {snapshot.mode === 'alone' && snapshot.mayPresent && (
        <Button className={styles.button} appearance="primary" onClick={act(() => walk.present(mine))}>
          Present to everyone
        </Button>
      )}
      {snapshot.mode === 'presenting' && others.length > 0 && (
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button className={styles.button}>Hand control to…</Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {others.map((person) => (
                <MenuItem key={person.userId} onClick={act(() => walk.handTo(person.userId))}>
                  {person.name}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
      {snapshot.mode === 'presenting' && (
        <Button className={styles.button} onClick={act(() => walk.stopPresenting())}>
          Stop presenting
        </Button>
      )}
    </section>
  );
}
