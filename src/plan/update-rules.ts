import { PlanError } from './errors.js';

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
