/** What went wrong with a request, in the terms the views act on. */
export type ApiErrorKind =
  /** The plan or action does not exist (or is not visible to this person). */
  | 'not-found'
  /** Someone else changed the action since it was read; `current` holds it now. */
  | 'conflict'
  /** The person must consent to the app (or satisfy a sign-in policy) before it can read the plan. */
  | 'consent'
  /** Signed in, but not allowed to see or change this. */
  | 'forbidden'
  /** Not signed in, or the sign-in was refused. */
  | 'unauthorized'
  /** The request itself was wrong: the message says which field. */
  | 'invalid'
  /** The app is not set up (or not allowed) in this organisation: an administrator must act. */
  | 'setup'
  /** The server could not be reached or failed: try again. */
  | 'unavailable';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    /** A 409's current state of the thing changed. */
    readonly current: unknown = null,
    /** For a consent error: the delegated scopes to ask the person for. */
    readonly scopes: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CONSENT_CODES = new Set(['consent_required', 'interaction_required']);
const SETUP_CODES = new Set(['app_not_authorised']);

/** Maps a status and the server's error code (src/server/http-errors.ts) to what the tab does about it. */
export function errorKind(status: number, code: string | null): ApiErrorKind {
  if (code !== null && CONSENT_CODES.has(code)) return 'consent';
  if (code !== null && SETUP_CODES.has(code)) return 'setup';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status >= 400 && status < 500) return 'invalid';
  return 'unavailable';
}
