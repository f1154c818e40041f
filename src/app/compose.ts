import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime, type BotRuntime } from '../../bot/conversation/bot-runtime.js';
import { ReminderScheduler } from '../../bot/reminders/reminder-scheduler.js';
import { createReminderSending, type ReminderSending } from '../../bot/reminders/reminder-setup.js';
import { runReminderSweep } from '../../bot/reminders/reminder-sweep.js';
import { createEmailDelivery } from '../../bot/reminders/email-setup.js';
import type { EmailDelivery } from '../../bot/reminders/lead-delivery.js';
import type { Clock } from '../config/today.js';
import type { BotEndpoint } from '../server/create-app.js';
import type { PlanStore } from '../store/plan-store.js';
import type { Settings } from './settings.js';

/*
 * The composition root: the one place that turns the settings into running parts (the store, the
 * clock, the bot, the reminder sending and schedule, the server) and hands each part what it needs.
 * Everything below is given its dependencies; none builds its own from the environment. This
 * module loads the bot (botbuilder) and the Graph pipeline, so the command line's context (main.ts)
 * imports it only for `remind`, and `serve` (serve.ts) once its server listens.
 */

interface Runtime {
  store: PlanStore;
  clock: Clock;
  log: (line: string) => void;
}

/** The bot as the settings configure it: registered (BOT_ID), local (the Agents Playground), or off. */
export function botRuntimeFor(settings: Settings, runtime: Runtime): BotRuntime {
  return createBotRuntime({ ...runtime, auth: settings.auth, serviceUrls: settings.bot.serviceUrls, enabled: settings.bot.enabled });
}

/** The bot's endpoint at /api/messages for the server, with the meeting chats and teams it posts to. */
export function botEndpointFor(settings: Settings, runtime: Runtime): BotEndpoint {
  return botEndpoint(botRuntimeFor(settings, runtime));
}

/** One sender, one rate limiter and one installer for the process (the server's schedule, or `plan remind`), and the shared mailbox when one is set. */
export function reminderSendingFor(settings: Settings, runtime: Omit<Runtime, 'log'>): ReminderSending & { email: EmailDelivery | null } {
  const email = createEmailDelivery({ ...settings.email, auth: settings.auth, graphBaseUrl: settings.sharePoint.graphBaseUrl });
  return { ...createReminderSending({ store: runtime.store, clock: runtime.clock, config: settings.reminders.sending, auth: settings.auth }), email };
}

/** The reminder sweep on its schedule; null, with the reason logged, when the settings leave it off. */
export async function startReminders(settings: Settings, runtime: Runtime): Promise<ReminderScheduler | null> {
  const { schedule } = settings.reminders;
  if (!schedule.enabled) {
    runtime.log(`reminders not scheduled: ${schedule.reason}`);
    return null;
  }
  const sending = reminderSendingFor(settings, runtime);
  const scheduler = new ReminderScheduler({
    store: runtime.store,
    pattern: schedule.pattern,
    log: runtime.log,
    sweep: (planIds) => runReminderSweep({ store: runtime.store, clock: runtime.clock }, { kind: 'send', sender: sending.sender, reach: sending.reach, channels: sending.channels, ...(sending.email && { email: sending.email }), ...(sending.feed && { feed: sending.feed }) }, { planIds }),
  });
  runtime.log(`reminders on (${schedule.reason})${sending.canInstall ? '; leads without a chat get the app installed through Graph' : ''}${sending.email ? `; leads with no account are emailed from ${sending.email.mailer.mailbox}` : ''}`);
  await scheduler.start();
  return scheduler;
}
