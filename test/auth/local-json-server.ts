import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON document server on 127.0.0.1 standing in for the published key endpoints (Entra ID's
 * discovery/v2.0/keys, the Bot Framework's OpenID metadata and keys). Documents can be swapped
 * (key rotation) or made to fail; every request is recorded so tests can count fetches.
 */
export interface LocalJsonServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  origin: string;
  documents: Map<string, unknown>;
  requests: string[];
  /** Answer every request with this status (and no document) until set back to null. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startLocalJsonServer(): Promise<LocalJsonServer> {
  const state: Pick<LocalJsonServer, 'documents' | 'requests' | 'failWith'> = { documents: new Map(), requests: [], failWith: null };
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    state.requests.push(path);
    const document = state.documents.get(path);
    if (state.failWith !== null || document === undefined) {
      response.writeHead(state.failWith ?? 404, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}
