import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startGraphTestServer, type GraphTestServer, type GraphTestServerOptions } from '../graph-server/graph-test-server.js';
import { loopbackTls, startLocalEntra, TLS_CERT_PATH, type LocalEntra } from './local-entra-server.js';

/**
 * The real `plan` command in a child process, against a local Graph server (https) and a local
 * Entra ID token endpoint: the same configuration a deployment uses, with every host on 127.0.0.1.
 */
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SharePointCli {
  graph: GraphTestServer;
  entra: LocalEntra;
  /** The environment of a tenant deployment pointed at the local servers. */
  /** Extra variables; one given as undefined is left out. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  run(args: readonly string[], options?: { env?: Record<string, string | undefined>; onStart?: (child: ChildProcess) => void }): Promise<CliRun>;
  close(): Promise<void>;
}

/** Variables of ours that must not leak from the shell running the tests into the child. */
const OURS = /^(PLAN_|GRAPH_|SHAREPOINT_|TAB_APP_ID_URI$|BOT_ID$|BOT_PASSWORD$)/;

/**
 * Options as the local Graph server's, plus the app's roles in its tokens. Unless the test says
 * otherwise, the app (the local Entra ID's client) holds Sites.Selected with manage on the site,
 * enough to provision.
 */
export async function startSharePointCli(options: GraphTestServerOptions & { appRoles?: readonly string[]; appCredential?: 'secret' | 'certificate' } = {}): Promise<SharePointCli> {
  const entra = await startLocalEntra();
  const { appRoles, appCredential, ...serverOptions } = options;
  const graph = await startGraphTestServer({
    identify: entra.claims(() => graph.sharePointOrigin, { roles: appRoles, credential: appCredential }),
    siteGrants: [{ appId: entra.clientId, roles: ['manage'] }],
    ...serverOptions,
    tls: loopbackTls(),
  });
  const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OURS.test(name)));
    const all: NodeJS.ProcessEnv = {
      ...base,
      COLUMNS: '160',
      NODE_EXTRA_CA_CERTS: TLS_CERT_PATH,
      GRAPH_TENANT_ID: entra.tenantId,
      GRAPH_CLIENT_ID: entra.clientId,
      GRAPH_CLIENT_SECRET: entra.clientSecret,
      GRAPH_AUTHORITY_HOST: entra.authorityHost,
      GRAPH_BASE_URL: graph.graphBaseUrl,
      SHAREPOINT_SITE: graph.siteUrl,
      ...extra,
    };
    return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
  };
  return {
    graph,
    entra,
    env,
    run: (args, runOptions = {}) =>
      new Promise<CliRun>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: env(runOptions.env), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
        runOptions.onStart?.(child);
      }),
    close: async () => {
      await graph.close();
      await entra.close();
    },
  };
}
