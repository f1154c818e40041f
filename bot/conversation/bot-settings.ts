import { settingsErrorFrom } from '../../src/config/settings-error.js';
import { z } from 'zod';
import { isServiceUrlPrefix } from './service-urls.js';

/**
 * The bot's own switches, read once at start beside its registration (src/auth/auth-config.ts):
 *
 * - PLAN_BOT: `off` serves no bot (/api/messages answers 404); how a tenant runs without a bot
 *   registration, since a bot nobody's token protects must not face the tenant's network.
 * - PLAN_BOT_SERVICE_URLS: serviceUrls (URL prefixes, comma-separated) the bot answers. Local
 *   mode: the whole list (default: this machine, where the Agents Playground is). Registered:
 *   added to the Bot Connector for Teams (bot/service-urls.ts).
 */
export interface BotSettings {
  enabled: boolean;
  serviceUrls: string[] | null;
}

const envSchema = z.object({
  PLAN_BOT: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  PLAN_BOT_SERVICE_URLS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
    .refine((list) => list.length > 0 && list.every(isServiceUrlPrefix), 'must be http or https URLs separated by commas, such as http://localhost:56150/_connector')
    .optional(),
});

export function readBotSettings(env: NodeJS.ProcessEnv): BotSettings {
  const parsed = envSchema.safeParse({ PLAN_BOT: env.PLAN_BOT?.trim().toLowerCase(), PLAN_BOT_SERVICE_URLS: env.PLAN_BOT_SERVICE_URLS });
  if (!parsed.success) {
    throw settingsErrorFrom(parsed.error, 'PLAN_BOT');
  }
  return { enabled: parsed.data.PLAN_BOT !== 'off', serviceUrls: parsed.data.PLAN_BOT_SERVICE_URLS ?? null };
}
