import { z } from 'zod';
import { AGENCIES, readAgency, type Agency } from '../plan/agency.js';
import { describeReducedDate, isDateOnly, type DateOnly } from '../plan/calendar-date.js';
import { invalidInput } from '../plan/invalid-input.js';

/**
 * What a person asks of an exported plan, whatever the format: which updates each action carries,
 * whose actions, and whether closed ones stay. The command line and the API both parse their
 * words here, so `--updates latest:3` and `?updates=latest:3` mean the same.
 */

/** Which of an action's updates go out: all, those since a day or the last meeting, or the latest few. */
export type UpdateSelection =
  | { kind: 'all' }
  | { kind: 'since'; since: DateOnly }
  | { kind: 'since-last-meeting' }
  | { kind: 'latest'; count: number };

export interface ExportOptions {
  updates: UpdateSelection;
  /** Only the actions one of whose leads this names (as the action filter's lead). */
  lead: string | null;
  /** Only the actions one of whose leads belongs to this agency. */
  agency: Agency | null;
  /** Whether closed actions (complete, not applicable) stay in. */
  withClosed: boolean;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { updates: { kind: 'all' }, lead: null, agency: null, withClosed: true };

/** How the update selection is written on the command line and in a query: all, since-last-meeting, latest:N, since:YYYY-MM-DD. */
export const UPDATE_SELECTION_WORDS = 'all, since-last-meeting, latest:N or since:YYYY-MM-DD';

/** The most updates "latest:N" may ask for; beyond it, "all" says the same. */
const MOST_LATEST = 1000;

const updateSelection = z.string().transform((text, ctx): UpdateSelection => {
  const word = text.trim().toLowerCase();
  if (word === 'all') return { kind: 'all' };
  if (word === 'since-last-meeting') return { kind: 'since-last-meeting' };
  const latest = /^latest:(\d{1,4})$/.exec(word);
  if (latest && Number(latest[1]) >= 1 && Number(latest[1]) <= MOST_LATEST) return { kind: 'latest', count: Number(latest[1]) };
  const since = /^since:(\d{4}-\d{2}-\d{2})$/.exec(word);
  if (since && isDateOnly(since[1]!)) return { kind: 'since', since: since[1]! };
  ctx.addIssue({ code: 'custom', message: `"${text}" is not an update selection; use ${UPDATE_SELECTION_WORDS} (N from 1 to ${MOST_LATEST})` });
  return z.NEVER;
});

const agency = z.string().transform((text, ctx): Agency => {
  const found = readAgency(text);
  if (found) return found;
  ctx.addIssue({ code: 'custom', message: `"${text}" is not an agency; use one of ${AGENCIES.join(', ')}` });
  return z.NEVER;
});

/** Booleans as a query or a flag writes them. */
const yesNo = z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', '1', '0']).transform((w) => w === 'true' || w === 'yes' || w === '1')]);

/** The options as words: a query string's or the command line's (where --without-closed is withClosed false). */
export const exportOptionsInput = z
  .object({
    updates: updateSelection.optional(),
    lead: z.string().trim().min(1).max(200).optional(),
    agency: agency.optional(),
    withClosed: yesNo.optional(),
  })
  .strict();

export type ExportOptionsInput = z.input<typeof exportOptionsInput>;

/** The options from their words, every problem an invalid_input naming the option; what is not given takes the default. */
export function readExportOptions(input: unknown, what = 'export options'): ExportOptions {
  const parsed = exportOptionsInput.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, what, { at: null });
  const o = parsed.data;
  return {
    updates: o.updates ?? DEFAULT_EXPORT_OPTIONS.updates,
    lead: o.lead ?? null,
    agency: o.agency ?? null,
    withClosed: o.withClosed ?? DEFAULT_EXPORT_OPTIONS.withClosed,
  };
}

/** The options in words, as a document's subtitle says what it holds: "Louise West's actions, updates since 12 Feb 2018". */
export function describeExportOptions(options: ExportOptions, since: DateOnly | null): string[] {
  const parts: string[] = [];
  if (options.lead !== null) parts.push(`actions led by ${options.lead}`);
  if (options.agency !== null) parts.push(`${options.agency} actions`);
  if (!options.withClosed) parts.push('open actions only');
  const u = options.updates;
  if (u.kind === 'latest') parts.push(u.count === 1 ? 'the latest update of each action' : `the latest ${u.count} updates of each action`);
  else if (u.kind !== 'all') parts.push(since === null ? 'no meeting before today, so every update' : `updates since ${describeReducedDate(since)}`);
  return parts;
}
