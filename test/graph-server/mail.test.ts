import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP_ROLES, appToken } from './permissions.js';
import { startGraphTestServer, type GraphTestServer } from './graph-test-server.js';
import { MailService } from './mail.js';

const MAILBOX = 'plans-reminders@council.example';
const WITH_MAIL = appToken('graph', [...DEFAULT_APP_ROLES, 'Mail.Send']);

function message(overrides: Record<string, unknown> = {}): unknown {
  return {
    message: {
      subject: 'Update due: CSE plan',
      body: { contentType: 'Text', content: 'Hello' },
      toRecipients: [{ emailAddress: { address: 'annette.blackstock@nhs.example', name: 'Annette Blackstock' } }],
      ...overrides,
    },
    saveToSentItems: false,
  };
}

let server: GraphTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(mail: MailService): Promise<GraphTestServer> {
  server = await startGraphTestServer({ mail });
  return server;
}

async function post(s: GraphTestServer, mailbox: string, body: unknown, token = WITH_MAIL): Promise<Response> {
  return fetch(`${s.graphBaseUrl}/users/${encodeURIComponent(mailbox)}/sendMail`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the local Graph server’s sendMail (graph/api/user-sendmail)', () => {
  it('accepts a message with 202 and no body, and records it for the test', async () => {
    const mail = new MailService({ mailboxes: [MAILBOX], allowedMailboxes: [MAILBOX] });
    const s = await start(mail);
    const res = await post(s, MAILBOX, message());
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(mail.sent).toEqual([expect.objectContaining({ from: MAILBOX, subject: 'Update due: CSE plan', contentType: 'text', content: 'Hello', saveToSentItems: false, to: [{ address: 'annette.blackstock@nhs.example', name: 'Annette Blackstock' }] })]);
  });

  it('refuses an app without Mail.Send with 403 ErrorAccessDenied', async () => {
    const s = await start(new MailService({ mailboxes: [MAILBOX] }));
    const res = await post(s, MAILBOX, message(), appToken('graph'));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
  });

  it('refuses a mailbox outside the application access policy with 403 "Access to OData is disabled"', async () => {
    const other = 'ceo@council.example';
    const mail = new MailService({ mailboxes: [MAILBOX, other], allowedMailboxes: [MAILBOX] });
    const s = await start(mail);
    const res = await post(s, other, message());
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ErrorAccessDenied');
    expect(body.error.message).toMatch(/Access to OData is disabled/);
    expect(mail.sent).toEqual([]);
  });

  it('answers 400 for a malformed message: no recipient, a recipient that is no address, an unknown body type, no message', async () => {
    const mail = new MailService({ mailboxes: [MAILBOX] });
    const s = await start(mail);
    for (const body of [message({ toRecipients: [] }), message({ toRecipients: [{ emailAddress: { address: 'Annette <a@b.example>' } }] }), message({ body: { contentType: 'rtf', content: 'x' } }), { saveToSentItems: false }]) {
      expect((await post(s, MAILBOX, body)).status).toBe(400);
    }
    expect(mail.sent).toEqual([]);
  });

  it('answers 429 with Retry-After past 30 messages a minute from one mailbox', async () => {
    let now = 1_000_000;
    const mail = new MailService({ mailboxes: [MAILBOX], now: () => now });
    const s = await start(mail);
    for (let i = 0; i < 30; i += 1) expect((await post(s, MAILBOX, message())).status).toBe(202);
    const refused = await post(s, MAILBOX, message());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    now += 60_001;
    expect((await post(s, MAILBOX, message())).status).toBe(202);
    expect(mail.refusals).toBe(1);
  });
});
