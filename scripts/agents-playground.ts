/**
 * The Microsoft 365 Agents Playground (@microsoft/m365agentsplayground) as a child process, and the
 * few of its HTTP endpoints a script or test needs. What was verified on these machines is in
 * ../shared/STACK-NOTES.md: it runs offline; `--disable-telemetry`; `-p` sets its port (it falls back
 * to a random one when taken, and prints "Listening on <port>"); `-e` the bot endpoint; it sends
 * activities with no Authorization header and serviceUrl http://localhost:<port>/_connector; it reads
 * .m365agentsplayground.yml and writes devTools/m365agentsplayground.log in its working folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';

export class PlaygroundMissingError extends Error {
  constructor() {
    super('The Microsoft 365 Agents Playground is not installed: run `npm install` (it is the devDependency @microsoft/m365agentsplayground)');
    this.name = 'PlaygroundMissingError';
  }
}

/** The playground's CLI script, or null when the package is not installed. */
export function playgroundCli(): string | null {
  try {
    const path = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export interface PlaygroundOptions {
  /** The bot's /api/messages URL. */
  botEndpoint: string;
  /** The port to ask for; the playground takes another when it is in use and says which. */
  port: number;
  /** Its working folder: where it reads .m365agentsplayground.yml and writes devTools/. */
  cwd: string;
  /** "none" keeps it from opening a browser (TEAMSAPPTESTER_BROWSER). */
  browser?: 'none' | 'default';
  env?: NodeJS.ProcessEnv;
  /** Its own output, line by line; by default dropped. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the playground and resolves once it answers /_debug/ping. */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const cli = playgroundCli();
  if (cli === null) throw new PlaygroundMissingError();
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  if (options.browser === 'none') env.TEAMSAPPTESTER_BROWSER = 'none';
  const child = spawn(process.execPath, [cli, '--disable-telemetry', '-p', String(options.port), '-e', options.botEndpoint], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Its last words, to say why when it gives up (a config file it refuses, a port it cannot have).
  const recent: string[] = [];
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code) => {
      const reason = recent.filter((l) => /error|reason/i.test(l)).slice(-2).join(' ') || recent.slice(-1).join('');
      reject(new Error(`the Agents Playground exited with code ${code ?? 'null'}${reason ? `: ${reason}` : ''}`));
    });
  });
  exited.catch(() => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Agents Playground did not start within ${options.startTimeoutMs ?? 30_000} ms`)), options.startTimeoutMs ?? 30_000);
    let pending = '';
    const read = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        options.onOutput?.(line);
        recent.push(line);
        if (recent.length > 20) recent.shift();
        const m = /Listening on (\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.catch((error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    // "Listening on" comes before it reads its config file: a refused one ends it just after.
    await Promise.race([waitFor(async () => (await fetch(`${url}/_debug/ping`)).ok, 15_000, 'the Agents Playground to answer /_debug/ping'), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, stop };
}

/** Polls until `check` is true, or fails naming what it waited for. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const configSchema = z.object({
  config: z.object({
    bot: z.object({ id: z.string(), name: z.string() }),
    currentUser: z.object({ id: z.string(), name: z.string() }),
    personalChat: z.object({ id: z.string() }),
  }),
});

export type PlaygroundConfig = z.infer<typeof configSchema>['config'];

/** The playground's view of who is chatting with whom: GET /_internal/v1/config. */
export async function playgroundConfig(url: string): Promise<PlaygroundConfig> {
  const res = await fetch(`${url}/_internal/v1/config`);
  if (!res.ok) throw new Error(`the Agents Playground's /_internal/v1/config answered ${res.status}`);
  return configSchema.parse(await res.json()).config;
}

/** Says something in a conversation as the current user, as typing in the playground's chat does. */
export async function sayInPlayground(url: string, conversationId: string, userId: string, text: string): Promise<void> {
  const res = await fetch(`${url}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: { id: userId }, text, textFormat: 'plain' }),
  });
  if (!res.ok) throw new Error(`the Agents Playground refused the message: ${res.status}`);
}

/** Installs the bot in a conversation: the playground sends installationUpdate "add" and a conversationUpdate adding the bot. */
export async function installInPlayground(url: string, conversationId: string): Promise<void> {
  const res = await fetch(`${url}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`the Agents Playground refused the installation: ${res.status}`);
}

const createMessageSchema = z.object({
  action: z.literal('createMessage'),
  actionConversationId: z.string(),
  message: z.looseObject({
    from: z.object({ id: z.string() }),
    text: z.string().optional(),
    attachments: z.array(z.looseObject({ contentType: z.string(), content: z.unknown() })).optional(),
  }),
});

export type PlaygroundMessage = z.infer<typeof createMessageSchema>['message'] & { conversationId: string };

/**
 * The messages the playground put in its chat, read from devTools/m365agentsplayground.log: each
 * is the "createMessage" action its web UI receives (buffered there until a browser connects).
 */
export function messagesInLog(log: string): PlaygroundMessage[] {
  const found: PlaygroundMessage[] = [];
  for (const line of log.split(/\r?\n/)) {
    const at = line.indexOf('{"action":"createMessage"');
    if (at < 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line.slice(at));
    } catch {
      continue;
    }
    const parsed = createMessageSchema.safeParse(value);
    if (parsed.success) found.push({ ...parsed.data.message, conversationId: parsed.data.actionConversationId });
  }
  return found;
}
