import { afterEach, describe, expect, it } from 'vitest';
import { graphReminderMailer, MAILS_PER_MINUTE, MAILS_PER_SECOND } from '../../bot/delivery/graph-mail.js';
import { TokenBucket } from '../../bot/delivery/teams-rate-limiter.js';
import { createGraphHttp } from '../../src/graph/graph-http.js';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { MailService } from '../graph-server/mail.js';
import { DEFAULT_APP_ROLES, appToken } from '../graph-server/permissions.js';
import { busiest } from './busiest-window.js';

const MAILBOX = 'plans-reminders@council.example';

let server: GraphTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('reminder emails within Exchange Online’s sending limit', () => {
  it('go at most 30 a minute from the shared mailbox, so Exchange refuses none of 75', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const mail = new MailService({ mailboxes: [MAILBOX], allowedMailboxes: [MAILBOX], now: () => clock.now() });
    server = await startGraphTestServer({ mail });
    const http = createGraphHttp({ getToken: async () => appToken('graph', [...DEFAULT_APP_ROLES, 'Mail.Send']), graphBaseUrl: server.graphBaseUrl, clock });
    const mailer = graphReminderMailer(http, { mailbox: MAILBOX, pace: new TokenBucket(MAILS_PER_SECOND, 1, clock) });
    const results = [];
    for (let i = 0; i < 75; i += 1) results.push(await mailer.send({ to: { address: `lead${i}@nhs.example`, name: `Lead ${i}` }, subject: 'Update due', text: 'x' }));
    expect(results.every((r) => r.kind === 'sent')).toBe(true);
    const times = mail.sent.map((m) => m.at);
    expect(busiest(times, 60_000)).toBeLessThanOrEqual(MAILS_PER_MINUTE);
    expect(mail.refusals).toBe(0);
    // Not slower than it must be: 75 sends two seconds apart.
    expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(74 * 2000 + 10);
  });

  it('waits out a 429 from another instance sending as the same mailbox, then sends', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const mail = new MailService({ mailboxes: [MAILBOX], now: () => clock.now() });
    server = await startGraphTestServer({ mail });
    const http = createGraphHttp({ getToken: async () => appToken('graph', [...DEFAULT_APP_ROLES, 'Mail.Send']), graphBaseUrl: server.graphBaseUrl, clock });
    const other = graphReminderMailer(http, { mailbox: MAILBOX, pace: new TokenBucket(1000, 1000, clock) });
    for (let i = 0; i < 30; i += 1) await other.send({ to: { address: `a${i}@nhs.example`, name: 'A' }, subject: 's', text: 't' });
    const ours = graphReminderMailer(http, { mailbox: MAILBOX, pace: new TokenBucket(MAILS_PER_SECOND, 1, clock) });
    expect(await ours.send({ to: { address: 'b@nhs.example', name: 'B' }, subject: 's', text: 't' })).toEqual({ kind: 'sent' });
    expect(mail.refusals).toBe(1);
    expect(clock.sleeps.some((ms) => ms >= 1000)).toBe(true);
  });
});
