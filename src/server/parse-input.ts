import type { z } from 'zod';
import { PlanError } from '../plan/errors.js';

/**
 * A request's body or query parsed once at the boundary; the first problem is the error, naming
 * the field ("field text: ...", "query fileName: ...").
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, where: 'field' | 'query'): z.output<S> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.');
    throw new PlanError('invalid_input', `${field ? `${where} ${field}: ` : ''}${issue?.message ?? `invalid ${where === 'field' ? 'body' : 'query'}`}`);
  }
  return parsed.data;
}
