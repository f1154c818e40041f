import type { z } from 'zod';

/**
 * A setting that is missing, empty or malformed, named by its variable (or the command-line option
 * standing in for it), so the operator knows what to change. Every reader of settings throws this
 * one error, and the command line and the server recognise it by type.
 */
export class SettingsError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'SettingsError';
  }
}

/** The first issue of a failed parse of environment variables, naming its variable. */
export function settingsErrorFrom(error: z.ZodError, fallbackVariable: string): SettingsError {
  const issue = error.issues[0];
  const variable = issue?.path[0];
  return new SettingsError(typeof variable === 'string' ? variable : fallbackVariable, issue?.message ?? 'is invalid');
}
