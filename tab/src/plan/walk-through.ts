import type { ActionView } from '../../../src/plan/plan.js';
import type { Rag } from '../../../src/plan/rag.js';
import { changedSince, type LastMeeting } from './last-meeting.js';

export type WalkOrder = 'plan' | 'rag';

const RAG_FIRST: Record<Rag, number> = { Red: 0, Amber: 1, 'Not set': 2, Green: 3, Complete: 4 };

/**
 * The actions a meeting steps through: the filtered plan, optionally only what changed since the
 * last meeting, in plan order or red and amber first (plan order within each RAG).
 */
export function walkThrough(actions: readonly ActionView[], options: { order: WalkOrder; onlyChanged: boolean; meeting: LastMeeting | null }): ActionView[] {
  const meeting = options.meeting;
  let list = options.onlyChanged && meeting !== null ? actions.filter((a) => changedSince(a, meeting.since)) : [...actions];
  if (options.order === 'rag') list = list.map((a, i) => ({ a, i })).sort((x, y) => RAG_FIRST[x.a.rag] - RAG_FIRST[y.a.rag] || x.i - y.i).map((x) => x.a);
  return list;
}

/**
 * Which key moves the walk-through, or null: left and right arrows, j and k (as in mail and feed
 * readers), Page Up and Down, Home and End. Up and down arrows still scroll a long action.
 */
export function stepForKey(key: string): 'next' | 'previous' | 'first' | 'last' | null {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case 'j':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
    case 'k':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}
