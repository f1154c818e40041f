import type { RequestHandler } from 'express';
import type { ApiErrorBody } from './http-errors.js';

/*
 * Local mode has no sign-in: anything that reaches 127.0.0.1 is trusted. A web page whose name an
 * attacker points at 127.0.0.1 (DNS rebinding) reaches it too, from the person's own browser. So the
 * server answers only requests addressed to a name it serves (the Host header a rebinding page sends
 * is the attacker's name), and a browser may change state only from the server's own origin.
 */

/** Methods that change nothing; a browser sends any other only after a same-origin check here. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** The host name of a Host header ("127.0.0.1:3978" is 127.0.0.1, "[::1]:3978" is ::1), lower case. */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  // An IPv6 address without brackets ("::1") has no port; a name or IPv4 address may have one.
  return (host.match(/:/g) ?? []).length > 1 ? host : host.replace(/:\d+$/, '');
}

/** Answers only requests whose Host names one of `names` (the loopback names, the bound address, configured ones). */
export function hostGuard(names: readonly string[]): RequestHandler {
  const allowed = new Set(names.map((n) => hostName(n)));
  return (req, res, next) => {
    const host = req.headers.host;
    if (host !== undefined && allowed.has(hostName(host))) return next();
    res.status(403).json(refuse('host_not_allowed', `this server answers requests to ${[...allowed].join(', ')} only; add a name it is reached by to PLAN_ALLOWED_HOSTS`));
  };
}

/**
 * Refuses a state-changing request a browser sends from another origin: its Origin (or, where a
 * browser sends none, Sec-Fetch-Site) says it came from a page that is not this server's. Clients
 * that are not browsers (the CLI, scripts, the Bot Framework) send neither and are not affected.
 */
export const sameOriginGuard: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      originHost = null;
    }
    if (originHost !== null && host !== undefined && originHost === host.toLowerCase()) return next();
    res.status(403).json(refuse('origin_not_allowed', `a page at ${origin} may not change plans on this server; use the plan tab served by it`));
    return;
  }
  if (origin === 'null' || req.headers['sec-fetch-site'] === 'cross-site') {
    res.status(403).json(refuse('origin_not_allowed', 'a page from another site may not change plans on this server; use the plan tab served by it'));
    return;
  }
  next();
};
