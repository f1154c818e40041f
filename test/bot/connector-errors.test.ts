import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardMessage, connectorErrorCode, createBotConnector } from '../../bot/delivery/connector-client.js';
import { ProactiveSender } from '../../bot/delivery/proactive-sender.js';
import { TeamsRateLimiter } from '../../bot/delivery/teams-rate-limiter.js';
import { DEFAULT_TEAMS_RATE_LIMITS } from '../../bot/delivery/teams-rate-limits.js';

/*
 * The Bot Connector's refusals, byte for byte as Microsoft shows them. A blocked (or uninstalled)
 * bot: "Understand who blocked, muted, or uninstalled a bot" in "Send proactive messages"
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */
const BLOCKED_AS_DOCUMENTED =
  '{"errorCode":209,"message":"{\\r\\n  \\"subCode\\": \\"MessageWritesBlocked\\",\\r\\n  \\"details\\": \\"Thread is blocked from message writes.\\",\\r\\n  \\"errorCode\\": null,\\r\\n  \\"errorSubCode\\": null\\r\\n}"}';
const BLOCKED_NESTED = JSON.stringify({
  errorCode: 209,
  message: JSON.stringify({ error: { code: 'BadArgument', message: 'Thread is blocked from message writes.', subCode: 'MessageWritesBlocked' } }),
});

let answer: { status: number; body: string } = { status: 201, body: '{"id":"1"}' };
let url: string;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(answer.body));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const CARD = cardMessage({ type: 'AdaptiveCard', version: '1.5', body: [] }, 'reminder');

function sender(): ProactiveSender {
  return new ProactiveSender({ connector: createBotConnector({ getToken: async () => 'bot-token' }), limiter: new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS) });
}

describe("the Bot Connector's error shapes", () => {
  it('reads the subCode of a blocked bot from the errorCode 209 shape, top level or nested', () => {
    expect(connectorErrorCode(JSON.parse(BLOCKED_AS_DOCUMENTED))).toBe('MessageWritesBlocked');
    expect(connectorErrorCode(JSON.parse(BLOCKED_NESTED))).toBe('MessageWritesBlocked');
    expect(connectorErrorCode({ error: { code: 'BadArgument', subCode: 'MessageWritesBlocked' } })).toBe('MessageWritesBlocked');
    expect(connectorErrorCode({ error: { code: 'ConversationNotFound', message: 'Conversation not found.' } })).toBe('ConversationNotFound');
    expect(connectorErrorCode({ errorCode: 209, message: 'not JSON' })).toBe('errorCode209');
    expect(connectorErrorCode({ message: 'Authorization has been denied for this request.' })).toBeNull();
    expect(connectorErrorCode('<html>')).toBeNull();
  });

  it('records a lead whose chat answers 403 errorCode 209 MessageWritesBlocked as blocked: not re-installed, not retried', async () => {
    for (const body of [BLOCKED_AS_DOCUMENTED, BLOCKED_NESTED]) {
      answer = { status: 403, body };
      expect(await sender().send({ serviceUrl: url, conversationId: 'a:chat' }, CARD)).toEqual({ kind: 'blocked', status: 403, code: 'MessageWritesBlocked', attempts: 1 });
    }
  });

  it('still reads the ErrorResponse shape', async () => {
    answer = { status: 403, body: JSON.stringify({ error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } }) };
    expect(await sender().send({ serviceUrl: url, conversationId: 'a:chat' }, CARD)).toMatchObject({ kind: 'blocked', code: 'ConversationBlockedByUser' });
    answer = { status: 403, body: JSON.stringify({ error: { code: 'ForbiddenOperationException', message: "Bot isn't installed in user's personal scope" } }) };
    expect(await sender().send({ serviceUrl: url, conversationId: 'a:chat' }, CARD)).toMatchObject({ kind: 'gone', code: 'ForbiddenOperationException' });
  });
});
