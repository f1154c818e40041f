import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import type { BotEndpoint } from '../../src/server/create-app.js';
import type { PlanStore } from '../../src/store/plan-store.js';

/** The bot as local mode runs it (no registration, the Agents Playground's serviceUrls), for servers under test. */
export function localBot(store: PlanStore, clock: () => Date = () => new Date()): BotEndpoint {
  return botEndpoint(createBotRuntime({ store, clock, log: () => {}, auth: null }));
}
