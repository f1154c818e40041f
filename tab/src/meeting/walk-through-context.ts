import { createContext, useContext } from 'react';
import type { WalkThroughSnapshot } from './live-walk-through.js';
import type { MeetingJoin } from './MeetingProvider.js';

/** The meeting's walk-through for the stage's follow controls; null outside a meeting. */
export interface WalkThroughState {
  join: MeetingJoin;
  snapshot: WalkThroughSnapshot | null;
}

export const WalkThroughContext = createContext<WalkThroughState | null>(null);

export function useWalkThrough(): WalkThroughState | null {
  return useContext(WalkThroughContext);
}
