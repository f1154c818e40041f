import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Tinylicious listens on every interface and gives no setting for it; local mode serves loopback
 * only, so its process binds a bare port to 127.0.0.1. It also calls itself at "localhost", which
 * must then reach that address (hence --dns-result-order=ipv4first). Its stdin is a pipe from the
 * server: when that closes (the server ended, however abruptly) the service ends too.
 */
const LOOPBACK_LISTEN = [
  "process.stdin.on('end', () => process.exit(0)).resume();",
  "import net from 'node:net';",
  'const listen = net.Server.prototype.listen;',
  'net.Server.prototype.listen = function (...args) {',
  "  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');",
  '  return listen.apply(this, args);',
  '};',
].join('\n');

/** A free TCP port on 127.0.0.1, chosen now so the tab's Content-Security-Policy can name it before the service starts. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Where tinylicious is installed, or null (it is a development dependency: a production install has none). */
export function tinyliciousEntry(): string | null {
  try {
    return createRequire(import.meta.url).resolve('tinylicious');
  } catch {
    return null;
  }
}

export class FluidServiceUnavailableError extends Error {
  override readonly name = 'FluidServiceUnavailableError';
}

/**
 * The local Fluid service a simulated meeting's Live Share runs on (Teams uses Azure Fluid Relay):
 * tinylicious, started on first use on the port given, in memory, its git storage in a temporary
 * folder removed on stop. One start is shared by everyone who asks while it is starting.
 */
export class LocalFluidService {
  private child: ChildProcess | null = null;
  private starting: Promise<string> | null = null;
  private storage: string | null = null;

  constructor(
    private readonly options: {
      port: number;
      log: (line: string) => void;
      /** The environment the service runs with (the composition root's; PATH and the like). */
      env: Readonly<Record<string, string | undefined>>;
      readyTimeoutMs?: number;
    },
  ) {}

  /** The service's address as the browser reaches it. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Its temporary storage folder while it runs. */
  get storageDir(): string | null {
    return this.storage;
  }

  /** Starts the service if it is not running; resolves with its endpoint once it answers. */
  ensureStarted(): Promise<string> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<string> {
    const entry = tinyliciousEntry();
    if (entry === null) throw new FluidServiceUnavailableError('the local Fluid service (tinylicious) is not installed: run npm install (it is a development dependency)');
    this.storage = await mkdtemp(join(tmpdir(), 'plan-fluid-'));
    const started = Date.now();
    this.options.log(`simulated meeting: starting the local Fluid service on 127.0.0.1:${this.options.port}`);
    const child = spawn(process.execPath, ['--dns-result-order=ipv4first', '--import', `data:text/javascript,${encodeURIComponent(LOOPBACK_LISTEN)}`, entry], {
      env: { ...this.options.env, PORT: String(this.options.port), storage: this.storage, logger__level: 'error', logger__colorize: 'false' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new FluidServiceUnavailableError(`the local Fluid service stopped (exit ${code ?? 'signal'}): ${stderr.trim().split('\n').at(-1) ?? ''}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([this.waitUntilAnswering(), exited]);
    this.options.log(`simulated meeting: local Fluid service ready in ${Date.now() - started} ms`);
    return this.endpoint;
  }

  private async waitUntilAnswering(): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 20_000);
    for (;;) {
      try {
        const response = await fetch(`${this.endpoint}/`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new FluidServiceUnavailableError(`the local Fluid service did not answer on ${this.endpoint} within ${Math.round((this.options.readyTimeoutMs ?? 20_000) / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.starting = null;
    if (child && child.exitCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (this.storage !== null) await rm(this.storage, { recursive: true, force: true });
    this.storage = null;
  }
}
