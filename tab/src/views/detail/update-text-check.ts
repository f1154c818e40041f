import { MAX_UPDATE_TEXT_LENGTH } from '../../../../src/plan/update-rules.js';

/** The message shown by the Update field, or null when the text can be recorded. Same limits as the server. */
export function updateTextProblem(text: string): string | null {
  const length = text.trim().length;
  if (length === 0) return 'Write the update before recording it.';
  if (length > MAX_UPDATE_TEXT_LENGTH) {
    return `An update is at most ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters; this one is ${length.toLocaleString('en-GB')}.`;
  }
  return null;
}
