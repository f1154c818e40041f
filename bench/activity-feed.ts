/**
 * Activity feed notices (issue 18, item 2): how fast the app sends them against Graph's limit of
 * about 5 a second per app per tenant, through the app's own pace (bot/delivery/activity-feed.ts)
 * and the Graph pipeline's Retry-After, with the local Graph (test/graph-server/activity-feed.ts)
 * answering a share of requests 429 as a busy service does. Writes the "Activity feed" section of
 * BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/activity-feed.ts
 */
import { resolve } from 'node:path';
import { ACTIVITY_FEED_PER_SECOND, actionDeepLink, graphActivityFeed } from '../bot/delivery/activity-feed.js';
import { TokenBucket } from '../bot/delivery/teams-rate-limiter.js';
import { createGraphHttp } from '../src/graph/graph-http.js';
import { realPacingClock } from '../src/graph/pacing-clock.js';
import { TeamsTenant } from '../test/bot-connector/teams-tenant.js';
import { ActivityFeedService } from '../test/graph-server/activity-feed.js';
import { startGraphTestServer } from '../test/graph-server/graph-test-server.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';

const HEADING = 'Activity feed';
const GRAPH_LIMIT_PER_SECOND = 5;
const LEADS = 60;

interface FeedRun {
  seconds: number;
  sent: number;
  limitRefusals: number;
  injected: number;
}

/** Sends one notice to each of LEADS people at once, with `injected429s` of the requests answered 429 (Retry-After 1 s). */
async function sendAll(injected429s: number): Promise<FeedRun> {
  const tenant = new TeamsTenant('d6d49420-f39b-4df7-a1dc-d59a935871db', '7b0e7c4a-5d0d-4a55-9a42-111111111111');
  const ids = Array.from({ length: LEADS }, (_, i) => `aad-lead-${i}`);
  for (const id of ids) {
    tenant.addPerson(id, id);
    tenant.install(id);
  }
  const service = new ActivityFeedService(tenant, { perSecond: GRAPH_LIMIT_PER_SECOND });
  const graph = await startGraphTestServer({ activityFeed: service });
  try {
    // Spread over the run: every (LEADS / injected)th request from now is refused once.
    let seen = 0;
    const every = injected429s > 0 ? Math.floor(LEADS / injected429s) : 0;
    if (every > 0) {
      graph.faults.failNextWhere(injected429s, { status: 429, retryAfterSeconds: 1 }, (r) => r.path.includes('sendActivityNotification') && (seen += 1) % every === 0);
    }
    const feed = graphActivityFeed(createGraphHttp({ getToken: async () => 'graph-token', graphBaseUrl: graph.graphBaseUrl, retry: { maxAttempts: 1 } }), {
      teamsAppId: tenant.catalogAppId,
      pace: new TokenBucket(ACTIVITY_FEED_PER_SECOND, 1, realPacingClock),
    });
    const started = performance.now();
    const results = await Promise.all(
      ids.map((userId, i) =>
        feed.notify({
          userId,
          activityType: 'actionUpdateDue',
          parameters: { actions: `${i + 1}.1` },
          topic: { text: 'Bench plan', webUrl: actionDeepLink({ teamsAppId: 'b6c3c1a0-2f0e-4c57-9d8e-0a1b2c3d4e5f', publicUrl: 'https://plans.example.org', planId: 'bench', ref: `${i + 1}.1` }) },
          preview: 'An action you lead needs an update',
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, sent: results.filter((r) => r.kind === 'sent').length, limitRefusals: service.refusals, injected: injected429s };
  } finally {
    await graph.close();
  }
}

export async function runActivityFeedBench(root: string): Promise<void> {
  const rows: BenchRow[] = [];
  for (const injected of [0, 6]) {
    const r = await sendAll(injected);
    const rate = r.sent / r.seconds;
    rows.push({
      what: `${LEADS} leads' notices at once${injected > 0 ? `, ${injected} answered 429 (Retry-After 1 s)` : ''}: sent ${r.sent} of ${LEADS} in ${r.seconds.toFixed(1)} s; 429s for going over the limit: ${r.limitRefusals}`,
      value: `${rate.toFixed(2)} a second = ${(rate / GRAPH_LIMIT_PER_SECOND).toFixed(2)} of Graph's ${GRAPH_LIMIT_PER_SECOND}`,
      target: `≤ ${GRAPH_LIMIT_PER_SECOND} a second, every notice sent, no 429 for going over`,
      met: rate <= GRAPH_LIMIT_PER_SECOND && r.sent === LEADS && r.limitRefusals === 0,
    });
  }
  const section = [
    `## ${HEADING}`,
    '',
    `${benchMachine()}, ${benchToday()}. The app paces the feed at ${ACTIVITY_FEED_PER_SECOND} a second, a fifth under Graph's ${GRAPH_LIMIT_PER_SECOND} per app per tenant, because requests sent 200 ms apart can arrive closer together; a 429 waits its Retry-After in the Graph pipeline and is sent again once. The local Graph counts a sliding second, as the limit is stated.`,
    '',
    benchTable(rows),
  ].join('\n');
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (import.meta.url === `file://${process.argv[1]}`) await runActivityFeedBench(resolve(import.meta.dirname, '..'));
