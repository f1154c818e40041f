import { SettingsError } from '../../src/config/settings-error.js';
import { z } from 'zod';

/**
 * Teams' limits on what a bot sends, from "Optimize your bot with rate limiting in Teams"
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit; ../shared/PLATFORM-LIMITS.md):
 *
 * - per bot, per conversation ("per bot per thread"), for sending to a conversation and for creating
 *   one: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in 3,600 s;
 * - per conversation for all bots together: 14 in 1 s, 16 in 2 s;
 * - per app per tenant: 50 requests a second (an older revision of the page said 30).
 *
 * The page calls every figure an estimate that may change, so they are settings with these
 * defaults, not constants buried in the sender.
 */
export interface RateWindow {
  seconds: number;
  max: number;
}

export interface TeamsRateLimits {
  /** Sends to, and creations of, one conversation by this bot. */
  perConversation: RateWindow[];
  /** Sends to one conversation by all bots together (what the service enforces; one bot never reaches it first). */
  perConversationAllBots: RateWindow[];
  /** Requests a second for the whole app in one tenant. */
  perAppPerSecond: number;
}

export const DEFAULT_TEAMS_RATE_LIMITS: TeamsRateLimits = {
  perConversation: [
    { seconds: 1, max: 7 },
    { seconds: 2, max: 8 },
    { seconds: 30, max: 60 },
    { seconds: 3600, max: 1800 },
  ],
  perConversationAllBots: [
    { seconds: 1, max: 14 },
    { seconds: 2, max: 16 },
  ],
  perAppPerSecond: 50,
};

/** Graph's limit on installing apps: 30 installs a second per app per tenant (graph/throttling-limits, Teams service limits). */
export const GRAPH_INSTALLS_PER_SECOND = 30;

const rps = z.coerce.number().positive().max(10_000);

/** PLAN_TEAMS_APP_RPS overrides the per-app figure, should Microsoft change it again. */
export function readTeamsRateLimits(env: NodeJS.ProcessEnv): TeamsRateLimits {
  const value = env.PLAN_TEAMS_APP_RPS;
  if (value === undefined) return DEFAULT_TEAMS_RATE_LIMITS;
  const parsed = rps.safeParse(value);
  if (!parsed.success || value.trim() === '') {
    throw new SettingsError('PLAN_TEAMS_APP_RPS', `must be a number of requests a second, such as 50 (Teams' per-app-per-tenant limit), not "${value}"`);
  }
  return { ...DEFAULT_TEAMS_RATE_LIMITS, perAppPerSecond: parsed.data };
}
