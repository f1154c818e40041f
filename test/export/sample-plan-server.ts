/** What the export tests download from: the real server on 127.0.0.1 with the Gloucestershire sample in a throw-away SQLite file. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPlanFile } from '../../src/import/import-file.js';
import { SAMPLES_DIR } from '../../src/import/sample-plans.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from '../server/local-bot.js';

export interface SamplePlanServer {
  /** The folder holding the store (plans.db), for files a test writes beside it. */
  dir: string;
  store: PlanStore;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The Gloucestershire plan's id. */
  glos: string;
  stop(): Promise<void>;
}

export async function startSamplePlanServer(now: Date): Promise<SamplePlanServer> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-export-'));
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(join(SAMPLES_DIR, 'gloucestershire-cse-2017-18.txt'), { importedAt: now.toISOString() });
  const glos = (await store.importPlan(draft)).id;
  const app = createApp({ store, clock: () => now, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  const { server, url } = await listen(app, '127.0.0.1', 0);
  return {
    dir,
    store,
    base: url,
    glos,
    async stop() {
      await close(server);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
