import type { z } from 'zod';
import { invalidInput } from '../plan/invalid-input.js';

/**
 * A request's body or query parsed once at the boundary; the first problem is the error, naming
 * the field ("field text: ...", "query fileName: ...").
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, where: 'field' | 'query'): z.output<S> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, where === 'field' ? 'request body' : 'query', { at: null });
  return parsed.data;
}
