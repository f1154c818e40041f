import {
  FollowModeType,
  LiveEvent,
  LiveFollowMode,
  LivePresence,
  LiveShareClient,
  LiveState,
  PresenceState,
  UserMeetingRole,
  type IFollowModeState,
} from '@microsoft/live-share';
import { ConnectionState } from 'fluid-framework';
import type { FrameKind } from '../host/tab-host.js';
import type { LiveShareSetup } from './live-share-setup.js';
import type { SharedStage } from './meeting-session.js';
import { sameStage, withDiscussed } from './shared-stage.js';

/*
 * The one module that knows Live Share. A meeting's clients (each person's stage and side panel)
 * join one Fluid container with:
 * - `follow` (LiveFollowMode): each person's own stage, who presents, and following or looking ahead;
 * - `people` (LivePresence): who is here, from which surface, and whether they are looking ahead,
 *   which LiveFollowMode keeps to each client and the stage shows to everyone;
 * - `discussed` (LiveState): the actions the presenter's stage has shown, for the meeting's summary;
 * - `signals` (LiveEvent): "this plan changed" (a minute recorded) and "you present now" (control handed over).
 * learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/teams-live-share-overview
 */

export type FollowMode = 'alone' | 'presenting' | 'following' | 'looking-ahead';
export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface MeetingPerson {
  userId: string;
  name: string;
  me: boolean;
  presenting: boolean;
  lookingAhead: boolean;
  /** Has a stage open (a side panel alone does not follow anything). */
  onStage: boolean;
  /** Teams lets organizers and presenters present. */
  mayPresent: boolean;
}

export interface WalkThroughSnapshot {
  connection: Connection;
  mode: FollowMode;
  presenter: { userId: string; name: string } | null;
  /** What this window's stage should show: the presenter's stage while following, its own otherwise. */
  shown: SharedStage | null;
  /** What the presenter's stage shows, for the side panel; null while nobody presents. */
  presented: SharedStage | null;
  people: MeetingPerson[];
  discussed: readonly string[];
  changeSignal: number;
  mayPresent: boolean;
}

export interface LiveWalkThrough {
  snapshot(): WalkThroughSnapshot;
  subscribe(listener: () => void): () => void;
  /** This window's stage moved (a key, a button, a filter): shared when presenting; looking ahead when following. */
  moved(stage: SharedStage): Promise<void>;
  /** Presents this window's stage: everyone else's follows it from now on. */
  present(stage: SharedStage): Promise<void>;
  stopPresenting(): Promise<void>;
  returnToPresenter(): Promise<void>;
  handTo(userId: string): Promise<void>;
  announceChange(planId: string): Promise<void>;
  dispose(): void;
}

type Signal = { kind: 'changed'; planId: string } | { kind: 'hand-over'; to: string };
interface PersonData {
  frame: FrameKind;
  lookingAhead: boolean;
}

const PRESENTER_ROLES = [UserMeetingRole.organizer, UserMeetingRole.presenter];
const schema = { initialObjects: { follow: LiveFollowMode, people: LivePresence, discussed: LiveState, signals: LiveEvent } };

/** Joins the meeting's walk-through; `frame` says whether this window is a stage (which follows) or a side panel. */
export async function joinWalkThrough(
  setup: LiveShareSetup,
  options: { frame: FrameKind; userId: string | null; /** Fluid closed the session for good: join again. */ onLost: () => void },
): Promise<LiveWalkThrough> {
  const client = new LiveShareClient(setup.host, setup.connection ? { connection: setup.connection } : {});
  const { container } = await client.joinContainer(schema);
  const follow = container.initialObjects.follow as LiveFollowMode<SharedStage | null>;
  const people = container.initialObjects.people as LivePresence<PersonData>;
  const discussed = container.initialObjects.discussed as LiveState<readonly string[]>;
  const signals = container.initialObjects.signals as LiveEvent<Signal>;
  const onStage = options.frame === 'meetingStage';

  const listeners = new Set<() => void>();
  let connection: Connection = container.connectionState === ConnectionState.Connected ? 'live' : 'connecting';
  let changeSignal = 0;
  let lookingAhead = false;
  let current: WalkThroughSnapshot;

  const presenterId = (state: IFollowModeState<SharedStage | null> | undefined): string | null => {
    if (state === undefined) return null;
    if (state.type === FollowModeType.activePresenter) return follow.localUser?.userId ?? null;
    if (state.type === FollowModeType.followPresenter || state.type === FollowModeType.suspendFollowPresenter) return state.followingUserId;
    return null;
  };

  const compute = (): WalkThroughSnapshot => {
    const state = follow.state;
    const presenting = presenterId(state);
    const mode: FollowMode =
      state === undefined || presenting === null
        ? 'alone'
        : state.type === FollowModeType.activePresenter
          ? 'presenting'
          : state.type === FollowModeType.suspendFollowPresenter
            ? 'looking-ahead'
            : 'following';
    const presenterUser = presenting === null ? undefined : follow.getUser(presenting);
    const local = follow.localUser;
    const everyone = people.getUsers(PresenceState.online).map((user): MeetingPerson => {
      const connections = user.getConnections(PresenceState.online);
      return {
        userId: user.userId,
        name: user.displayName ?? 'Someone',
        me: user.isLocalUser,
        presenting: user.userId === presenting,
        lookingAhead: connections.some((c) => c.data?.lookingAhead === true),
        onStage: connections.some((c) => c.data?.frame === 'meetingStage'),
        mayPresent: user.roles.some((role) => PRESENTER_ROLES.includes(role)),
      };
    });
    return {
      connection,
      mode,
      presenter: presenting === null ? null : { userId: presenting, name: presenterUser?.displayName ?? everyone.find((p) => p.userId === presenting)?.name ?? 'Someone' },
      shown: state?.value ?? local?.data?.stateValue ?? null,
      presented: presenterUser?.data?.stateValue ?? null,
      people: everyone.sort((a, b) => Number(b.presenting) - Number(a.presenting) || a.name.localeCompare(b.name)),
      discussed: discussed.state ?? [],
      changeSignal,
      mayPresent: everyone.find((p) => p.me)?.mayPresent ?? false,
    };
  };

  const refresh = () => {
    current = compute();
    for (const listener of listeners) listener();
  };

  const setLookingAhead = async (value: boolean) => {
    if (lookingAhead === value) return;
    lookingAhead = value;
    await people.update({ frame: options.frame, lookingAhead: value });
  };

  follow.on('stateChanged', (state) => {
    // A presenter's stage records what it shows: the meeting's summary lists the actions discussed.
    if (state.type === FollowModeType.activePresenter && onStage) {
      const next = withDiscussed(discussed.state ?? [], state.value);
      if (next !== (discussed.state ?? [])) void discussed.set(next);
    }
    refresh();
  });
  follow.on('presenceChanged', refresh);
  people.on('presenceChanged', refresh);
  discussed.on('stateChanged', refresh);
  signals.on('received', (signal) => {
    if (signal.kind === 'changed') {
      changeSignal += 1;
      refresh();
    } else if (signal.kind === 'hand-over' && onStage && signal.to === options.userId && follow.state?.type !== FollowModeType.activePresenter) {
      void follow.startPresenting().then(refresh, refresh);
    }
  });
  container.on('connected', () => {
    connection = 'live';
    refresh();
  });
  container.on('disconnected', () => {
    connection = 'reconnecting';
    refresh();
  });
  let disposing = false;
  container.on('disposed', () => {
    if (!disposing) options.onLost();
  });

  await Promise.all([
    follow.initialize(null, PRESENTER_ROLES),
    people.initialize({ frame: options.frame, lookingAhead: false }),
    discussed.initialize([], PRESENTER_ROLES),
    signals.initialize(),
  ]);
  if (container.connectionState === ConnectionState.Connected) connection = 'live';
  current = compute();

  return {
    snapshot: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async moved(stage) {
      const state = follow.state;
      const following = state?.type === FollowModeType.followPresenter;
      if (following && sameStage(state.value, stage)) return;
      if (following) {
        await follow.beginSuspension();
        await setLookingAhead(true);
      }
      if (!sameStage(follow.localUser?.data?.stateValue ?? null, stage)) await follow.update(stage);
      refresh();
    },
    async present(stage) {
      // What this window shows first, so the others follow this stage and not one it published before.
      if (!sameStage(follow.localUser?.data?.stateValue ?? null, stage)) await follow.update(stage);
      await follow.startPresenting();
      await setLookingAhead(false);
      refresh();
    },
    async stopPresenting() {
      await follow.stopPresenting();
      refresh();
    },
    async returnToPresenter() {
      await follow.endSuspension();
      await setLookingAhead(false);
      refresh();
    },
    async handTo(userId) {
      await signals.send({ kind: 'hand-over', to: userId });
    },
    async announceChange(planId) {
      await signals.send({ kind: 'changed', planId });
    },
    dispose() {
      disposing = true;
      listeners.clear();
      container.dispose();
    },
  };
}
