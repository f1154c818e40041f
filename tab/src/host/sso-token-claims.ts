import { GUID_SOURCE } from '../../../src/plan/guid.js';

/** The app and tenant a Teams SSO token was issued for: what the consent request needs to name. */
export interface SsoAudience {
  clientId: string;
  tenantId: string;
}

const GUID = new RegExp(GUID_SOURCE, 'gi');

/**
 * Reads (does not verify: the server does that) the token's audience and tenant. `aud` is the client
 * id in v2 tokens and may be the App ID URI (`api://host/<client id>`) in v1 ones, so the client id
 * is the last GUID in it. Null for anything that is not such a token.
 */
export function ssoAudience(token: string): SsoAudience | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  let claims: unknown;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    claims = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null) return null;
  const { aud, tid } = claims as { aud?: unknown; tid?: unknown };
  const clientId = typeof aud === 'string' ? aud.match(GUID)?.at(-1) : undefined;
  if (!clientId || typeof tid !== 'string' || !/^[0-9a-f-]{36}$/i.test(tid)) return null;
  return { clientId: clientId.toLowerCase(), tenantId: tid.toLowerCase() };
}
