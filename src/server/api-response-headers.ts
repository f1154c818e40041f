import type { RequestHandler } from 'express';

/**
 * Every API answer may carry safeguarding content, errors included (they name actions and
 * values): `nosniff` so a browser never reads a JSON or text value as HTML or script, and
 * `no-store` so neither the browser's cache nor a proxy keeps a copy after the person has gone.
 */
export const apiResponseHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
};
