import { describe, expect, it } from 'vitest';
import { ConnectorError, type BotConnector, type CardMessage } from '../../bot/delivery/connector-client.js';
import { ProactiveSender } from '../../bot/delivery/proactive-sender.js';
import { TeamsRateLimiter, TokenBucket } from '../../bot/delivery/teams-rate-limiter.js';
import { DEFAULT_TEAMS_RATE_LIMITS, readTeamsRateLimits, type RateWindow } from '../../bot/delivery/teams-rate-limits.js';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { busiest } from './busiest-window.js';

describe('Teams rate limits', () => {
  it('are the documented figures unless PLAN_TEAMS_APP_RPS says otherwise', () => {
    expect(DEFAULT_TEAMS_RATE_LIMITS.perAppPerSecond).toBe(50);
    expect(DEFAULT_TEAMS_RATE_LIMITS.perConversation).toEqual<RateWindow[]>([
      { seconds: 1, max: 7 },
      { seconds: 2, max: 8 },
      { seconds: 30, max: 60 },
      { seconds: 3600, max: 1800 },
    ]);
    expect(readTeamsRateLimits({ PLAN_TEAMS_APP_RPS: '30' }).perAppPerSecond).toBe(30);
    expect(() => readTeamsRateLimits({ PLAN_TEAMS_APP_RPS: 'fast' })).toThrow(/PLAN_TEAMS_APP_RPS/);
  });
});

describe('token bucket', () => {
  it('spaces requests evenly, so no second ever holds more than the rate', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const bucket = new TokenBucket(50, 1, clock);
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await bucket.acquire();
      times.push(clock.now());
    }
    expect(busiest(times, 1000)).toBeLessThanOrEqual(50);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(199 * 20);
  });
});

describe('Teams rate limiter', () => {
  it('keeps the whole app under its per-tenant rate, with headroom, across conversations', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const limiter = new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS, { clock });
    const times: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      await limiter.acquire(`chat-${i}`);
      times.push(clock.now());
    }
    expect(busiest(times, 1000)).toBeLessThanOrEqual(50);
    const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(rate).toBeGreaterThan(0.97 * 50);
    expect(limiter.granted).toBe(500);
  });

  it('keeps one conversation within 7 a second, 8 in two seconds and 60 in thirty', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const limiter = new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS, { clock });
    const times: number[] = [];
    for (let i = 0; i < 130; i += 1) {
      await limiter.acquire('one-chat');
      times.push(clock.now());
    }
    expect(busiest(times, 1000)).toBeLessThanOrEqual(7);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(8);
    expect(busiest(times, 30_000)).toBeLessThanOrEqual(60);
    // The 30-second window binds: 130 requests need more than two full windows.
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(60_000);
  });

  it('holds back a throttled conversation for its Retry-After, and everyone when 429s cluster', async () => {
    const clock = new VirtualPacingClock(1_000_000);
    const limiter = new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS, { clock });
    await limiter.acquire('a');
    limiter.throttle('a', 2000);
    const start = clock.now();
    await limiter.acquire('b');
    expect(clock.now() - start).toBeLessThan(100);
    await limiter.acquire('a');
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);

    // A fifth of the per-app rate (10 of 50) in one second: the app as a whole is throttled.
    for (const chat of ['c', 'd', 'e', 'g', 'j', 'k', 'l', 'm', 'n']) limiter.throttle(chat, 3000);
    const notYet = clock.now();
    await limiter.acquire('h');
    expect(clock.now() - notYet).toBeLessThan(100);
    limiter.throttle('i', 3000);
    const paused = clock.now();
    await limiter.acquire('f');
    expect(clock.now() - paused).toBeGreaterThanOrEqual(3000);
  });
});

class FakeConnector implements BotConnector {
  readonly calls: number[] = [];
  constructor(
    private readonly answers: (ConnectorError | null)[],
    private readonly clock: VirtualPacingClock,
  ) {}
  async sendToConversation(): Promise<{ id: string | null }> {
    this.calls.push(this.clock.now());
    const next = this.answers.shift() ?? null;
    if (next) throw next;
    return { id: `1:${this.calls.length}` };
  }
  async createConversation(): Promise<{ id: string }> {
    throw new Error('not used');
  }
  async getMember(): Promise<{ id: string }> {
    throw new Error('not used');
  }
}

const CARD: CardMessage = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } }] };
const TARGET = { serviceUrl: 'http://127.0.0.1:1/', conversationId: 'a:chat' };

function senderWith(answers: (ConnectorError | null)[]): { sender: ProactiveSender; connector: FakeConnector; clock: VirtualPacingClock } {
  const clock = new VirtualPacingClock(1_000_000);
  const connector = new FakeConnector(answers, clock);
  const sender = new ProactiveSender({ connector, limiter: new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS, { clock }), random: () => 0.5 });
  return { sender, connector, clock };
}

describe('proactive sender', () => {
  it('waits Retry-After on a 429 before trying again', async () => {
    const { sender, connector } = senderWith([new ConnectorError(429, 'Throttled', 4, 'throttled')]);
    expect(await sender.send(TARGET, CARD)).toMatchObject({ kind: 'sent', attempts: 2 });
    expect(connector.calls[1]! - connector.calls[0]!).toBeGreaterThanOrEqual(4000);
  });

  it('retries 412, 502, 503 and 504 with growing backoff, and gives up after five attempts', async () => {
    const errors = [412, 502, 503, 504, 503].map((s) => new ConnectorError(s, `http${s}`, null, 'transient'));
    const { sender, connector } = senderWith(errors);
    expect(await sender.send(TARGET, CARD)).toEqual({ kind: 'failed', status: 503, code: 'http503', attempts: 5 });
    const gaps = connector.calls.slice(1).map((t, i) => t - connector.calls[i]!);
    expect(gaps.every((g, i) => i === 0 || g > gaps[i - 1]!)).toBe(true);
  });

  it('tells a gone chat from a blocked bot, refused credentials and a bad request, without retrying them', async () => {
    const cases: [ConnectorError, string][] = [
      [new ConnectorError(404, 'ConversationNotFound', null, ''), 'gone'],
      [new ConnectorError(403, 'BotNotInConversationRoster', null, ''), 'gone'],
      [new ConnectorError(403, 'ForbiddenOperationException', null, ''), 'gone'],
      [new ConnectorError(403, 'ConversationBlockedByUser', null, ''), 'blocked'],
      [new ConnectorError(403, 'BotDisabledByAdmin', null, ''), 'blocked'],
      [new ConnectorError(401, 'BotNotRegistered', null, ''), 'refused'],
      [new ConnectorError(413, 'MessageSizeTooBig', null, ''), 'failed'],
      [new ConnectorError(0, 'networkError', null, ''), 'failed'],
    ];
    for (const [error, kind] of cases) {
      const { sender, connector } = senderWith([error]);
      expect(await sender.send(TARGET, CARD), `${error.status} ${error.code}`).toMatchObject({ kind, attempts: 1 });
      expect(connector.calls).toHaveLength(1);
    }
  });
});
