import type { z } from 'zod';
import { PlanError, type SourceLocation } from './errors.js';

/** A zod path as people read it: actions[3].timescale.due. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/**
 * The one way a failed parse of outside data becomes the product's error: invalid_input, naming
 * what was checked, the field and the problem ("update: date: not a date"), with the field as the
 * error's column unless the caller places it (an action's ref, a row) or says null (nowhere). `within` is where the
 * parsed value sits in a larger one (an action of a draft: ['actions', 3]).
 */
export function invalidInput(error: z.ZodError, what: string, options: { at?: SourceLocation | null; within?: readonly PropertyKey[] } = {}): PlanError {
  const issue = error.issues[0];
  // An unknown key is named by the issue's keys, not its path (which is the object holding them).
  const path = [...(options.within ?? []), ...(issue?.path ?? []), ...(issue?.code === 'unrecognized_keys' ? [issue.keys.join(', ')] : [])];
  const field = fieldPath(path);
  const where = options.at === undefined ? (field ? { column: field } : null) : options.at;
  return new PlanError('invalid_input', `${what}${field ? `: ${field}` : ''}: ${issue?.message ?? 'is invalid'}`, where ? { at: where } : {});
}
