import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, LocalFluidService } from '../../src/local-meeting/fluid-service.js';

/** An address of this machine other than loopback, or null on a machine with none. */
function outsideAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return null;
}

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the local Fluid service (tinylicious) for simulated meetings', () => {
  const lines: string[] = [];
  let service: LocalFluidService;

  afterAll(async () => {
    await service?.stop();
  });

  it('starts once however many windows ask at the same time, on loopback only, and stops leaving nothing behind', async () => {
    const port = await freeLoopbackPort();
    service = new LocalFluidService({ port, log: (line) => lines.push(line), env: process.env });
    const [a, b] = await Promise.all([service.ensureStarted(), service.ensureStarted()]);
    expect(a).toBe(`http://127.0.0.1:${port}`);
    expect(b).toBe(a);
    expect(lines.filter((l) => l.includes('starting'))).toHaveLength(1);
    expect((await fetch(`${a}/`)).status).toBe(200);
    const outside = outsideAddress();
    if (outside !== null) expect(await reachable(outside, port)).toBe(false);
    const storage = service.storageDir!;
    expect(existsSync(storage)).toBe(true);
    await service.stop();
    expect(existsSync(storage)).toBe(false);
    expect(await reachable('127.0.0.1', port)).toBe(false);
  }, 60_000);
});
