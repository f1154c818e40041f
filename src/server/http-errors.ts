import type { ErrorRequestHandler, RequestHandler } from 'express';
import { PlanError, VersionConflictError } from '../plan/errors.js';

/** Every API error has one shape: { error: { code, message, current? } }. */
export interface ApiErrorBody {
  error: { code: string; message: string; current?: unknown };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ApiErrorBody = { error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } };
  res.status(404).json(body);
};

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof VersionConflictError) {
      const body: ApiErrorBody = { error: { code: err.code, message: err.message, current: err.current } };
      res.status(409).json(body);
      return;
    }
    if (err instanceof PlanError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } } satisfies ApiErrorBody);
      return;
    }
    // Express's body parser marks its errors with a status (malformed JSON, body too large).
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) {
      const message = err instanceof Error ? err.message : 'bad request';
      res.status(status).json({ error: { code: 'invalid_input', message: `request body: ${message}` } } satisfies ApiErrorBody);
      return;
    }
    // Never log request bodies: they hold plan content.
    log(`error ${req.method} ${req.path}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
    res.status(500).json({ error: { code: 'internal', message: 'the server failed; see its log' } } satisfies ApiErrorBody);
  };
}
