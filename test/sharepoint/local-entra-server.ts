import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_APP_ROLES, type TokenClaims } from '../graph-server/permissions.js';

/**
 * Entra ID's v2.0 endpoints for the client credentials grant (v2-oauth2-client-creds-grant-flow:
 * OpenID metadata, then POST /{tenant}/oauth2/v2.0/token), over https on 127.0.0.1, for a CLI run
 * in a child process. MSAL insists on https authorities, so the child trusts the test certificate
 * through NODE_EXTRA_CA_CERTS. Each token names the scope it was issued for, so the local Graph
 * server accepts only tokens issued here, each for the resource it was asked for: Graph's
 * (https://graph.microsoft.com/.default) or the SharePoint tenant's ({origin}/.default).
 */
export const TLS_CERT_PATH = join(import.meta.dirname, 'fixtures/loopback-tls.crt');
const TLS_KEY_PATH = join(import.meta.dirname, 'fixtures/loopback-tls.key');

export function loopbackTls(): { cert: string; key: string } {
  return { cert: readFileSync(TLS_CERT_PATH, 'utf8'), key: readFileSync(TLS_KEY_PATH, 'utf8') };
}

export interface LocalEntra {
  /** https://127.0.0.1:<port>: GRAPH_AUTHORITY_HOST for the child process. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Scopes of the tokens issued, in order. */
  issued: string[];
  /**
   * For the local Graph server (GraphTestServerOptions.identify): what a token issued here says,
   * the app's roles for the resource it was asked for; null for a token not issued here.
   */
  claims(sharePointOrigin: () => string, options?: { roles?: readonly string[] | undefined; credential?: 'secret' | 'certificate' | undefined }): (token: string) => TokenClaims | null;
  close(): Promise<void>;
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'local-test-secret-value';

function scopeOf(token: string): string | null {
  const m = /^app\.([A-Za-z0-9_-]+)\.\d+$/.exec(token);
  return m ? Buffer.from(m[1] as string, 'base64url').toString('utf8') : null;
}

export async function startLocalEntra(): Promise<LocalEntra> {
  const issued: string[] = [];
  const server = createServer(loopbackTls(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      };
      const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
      if (req.method === 'GET' && metadata) {
        const base = `${origin}/${metadata[1]}`;
        reply(200, {
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        });
        return;
      }
      if (req.method === 'POST' && url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== CLIENT || form.get('client_secret') !== SECRET) {
          reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
          return;
        }
        const scope = form.get('scope')?.split(' ').find((s) => s.endsWith('/.default')) ?? '';
        issued.push(scope);
        reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `app.${Buffer.from(scope).toString('base64url')}.${issued.length}` });
        return;
      }
      reply(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost: origin,
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    issued,
    claims:
      (sharePointOrigin, options = {}) =>
      (token) => {
        const scope = scopeOf(token);
        const audience = scope === 'https://graph.microsoft.com/.default' ? 'graph' : scope === `${sharePointOrigin()}/.default` ? 'sharepoint' : null;
        if (audience === null) return null;
        // The token endpoint takes a secret, but its tokens pass for certificate ones unless a test
        // says otherwise, so SharePoint REST (views) can be exercised.
        return { kind: 'app', audience, appId: CLIENT, roles: [...(options.roles ?? DEFAULT_APP_ROLES)], ...(options.credential && { credential: options.credential }) };
      },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
