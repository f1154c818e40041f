import { createContext, useContext } from 'react';

/** Where the shared stage stands: the plan and the stage URL's search (view, filter, order, `at`). */
export interface SharedStage {
  planId: string;
  search: string;
}

/**
 * What a Teams meeting (or a simulated one, `?meeting=demo`) shares between everyone in it through
 * Live Share. Views read it through `useMeetingSession()`; outside a meeting it is null, and every
 * view works as before.
 */
export interface MeetingSession {
  /** What the presenter's stage shows now, or null before anyone has put the plan on the stage. */
  stage: SharedStage | null;
  /** Refs the stage has shown in this meeting, in the order first shown: the actions discussed. */
  discussed: readonly string[];
  /** Counts the changes to plans announced by anyone in the meeting; a view reloads its plan when it moves. */
  changeSignal: number;
  /** Tells everyone in the meeting that a plan changed (a minute was recorded), so their views reload it. */
  announceChange(planId: string): void;
}

export const MeetingSessionContext = createContext<MeetingSession | null>(null);

/** The meeting's shared state, or null outside a meeting (or while it is still connecting). */
export function useMeetingSession(): MeetingSession | null {
  return useContext(MeetingSessionContext);
}
