import { isDateOnly, startOfPeriod, type DateOnly, type ReducedDate } from './calendar-date.js';
import { PlanError } from './errors.js';
import type { Plan } from './plan.js';

/** Long enough for a meeting's worth of progress, short enough to stay readable on a card. */
export const MAX_UPDATE_TEXT_LENGTH = 2000;

/** The text of a new update as it will be stored, or an invalid_input error that says what is wrong. */
export function checkUpdateText(text: string, field = 'text'): string {
  const trimmed = text.replace(/\s+$/u, '').replace(/^\s+/u, '');
  if (trimmed.length === 0) {
    throw new PlanError('invalid_input', 'an update needs some text', { at: { column: field } });
  }
  if (trimmed.length > MAX_UPDATE_TEXT_LENGTH) {
    throw new PlanError(
      'invalid_input',
      `an update is at most ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters; this one is ${trimmed.length.toLocaleString('en-GB')}`,
      { at: { column: field } },
    );
  }
  return trimmed;
}

/**
 * The first day a plan is known to have run: its earliest version record date, meeting or dated
 * update; null when it names no date at all.
 */
export function planBeganOn(plan: Pick<Plan, 'versionRecord' | 'meetings'>, updates: readonly { date: ReducedDate | null }[]): DateOnly | null {
  const days = [
    ...plan.versionRecord.map((v) => v.date),
    ...plan.meetings.map((m) => m.date),
    ...updates.map((u) => u.date),
  ]
    .filter((d): d is ReducedDate => d !== null)
    .map(startOfPeriod);
  return days.length === 0 ? null : days.reduce((a, b) => (a < b ? a : b));
}

/**
 * The date an update reports, as it will be stored: a day, not after today (a meeting is reported
 * once it has met) and not before the plan began; else an invalid_input error saying which.
 */
export function checkReportedDate(date: string, bounds: { today: DateOnly; planBegan: DateOnly | null }, field = 'date'): DateOnly {
  if (!isDateOnly(date)) throw new PlanError('invalid_input', `the date an update reports is a day written YYYY-MM-DD, not "${date}"`, { at: { column: field } });
  if (date > bounds.today) throw new PlanError('invalid_input', `an update cannot report on ${date}, which is after today (${bounds.today})`, { at: { column: field } });
  if (bounds.planBegan !== null && date < bounds.planBegan) {
    throw new PlanError('invalid_input', `an update cannot report on ${date}, before the plan began (${bounds.planBegan}, its earliest recorded date)`, { at: { column: field } });
  }
  return date;
}

/** Impact evidence is a short text: enough to say what difference the action made. */
export const MAX_EVIDENCE_LENGTH = 2000;

/** What difference a completed action made, as it will be recorded, or invalid_input when it is missing or too long. */
export function checkImpactEvidence(evidence: string | null | undefined, field = 'evidence'): string {
  const trimmed = (evidence ?? '').trim();
  if (trimmed.length === 0) {
    throw new PlanError('invalid_input', 'completing an action needs its impact evidence: say what difference it made', { at: { column: field } });
  }
  if (trimmed.length > MAX_EVIDENCE_LENGTH) {
    throw new PlanError('invalid_input', `impact evidence is at most ${MAX_EVIDENCE_LENGTH.toLocaleString('en-GB')} characters; this is ${trimmed.length.toLocaleString('en-GB')}`, { at: { column: field } });
  }
  return trimmed;
}
