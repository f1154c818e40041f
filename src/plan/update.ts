import type { ReducedDate } from './calendar-date.js';
import type { Rag } from './rag.js';

/**
 * Where an update came from: a document, a card, chat, the tab, an item someone added to the
 * Updates list in SharePoint, or the one-time page a lead outside the tenant reached from a
 * reminder email (no account, so no authorId).
 */
export const UPDATE_ORIGINS = ['import', 'card', 'chat', 'tab', 'sharepoint', 'email'] as const;
export type UpdateOrigin = (typeof UPDATE_ORIGINS)[number];

/**
 * Where an update's date came from: stated before it ("Update 15/05/2013 –", "June 17 -"),
 * a closing note after it ("(Updated PCSG 10/02/13)"), the only date its text names,
 * recorded when someone answered in Teams, or none at all (kept as undated).
 */
export type UpdateDateSource = 'stated' | 'closing-note' | 'in-text' | 'recorded' | 'none';

/** One entry of an action's update history, as split from a document cell. */
export interface UpdateEntry {
  date: ReducedDate | null;
  dateSource: UpdateDateSource;
  author: string | null;
  text: string;
}

/** An update to be stored: an entry plus who, how, and the changes it carried. */
export interface NewUpdate extends UpdateEntry {
  origin: UpdateOrigin;
  /** Entra ID object id of the author, when the update came from Teams. */
  authorId: string | null;
  ragAfter: Rag | null;
  timescaleAfter: string | null;
  /** Idempotency key: storing the same key twice records one update. */
  key: string;
  /** When it was recorded (ISO 8601 instant), passed in by the caller. */
  recordedAt: string;
}

export interface Update extends NewUpdate {
  id: string;
  actionId: string;
  /** Position in the action's history as written or recorded, from 0. */
  sequence: number;
}
