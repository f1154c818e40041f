import { readBotSettings, type BotSettings } from '../../bot/conversation/bot-settings.js';
import { readReminderSchedule, type ReminderScheduleConfig } from '../../bot/reminders/reminder-scheduler.js';
import { readReminderSendingConfig, type ReminderSendingConfig } from '../../bot/reminders/reminder-setup.js';
import { describeAuthConfig, readAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { readLocalSettings, type LocalSettings } from '../config/app-config.js';
import { readSharePointSettings, storeChoice, type SharePointSettings, type StoreChoice } from '../store/sharepoint/sharepoint-config.js';

/**
 * Every setting of the process, read from the environment once, at start, into one typed object:
 * each variable is checked by the reader of its area (local server, tenant, SharePoint, bot,
 * reminders), the tenant's registration once for all of them, and the first problem stops the start
 * with a SettingsError naming the variable. Unset stays distinct from empty or false. Nothing below
 * src/app reads process.env: it is handed what it needs from here (compose.ts). The variables,
 * with what each does, are listed in .env.example.
 */
export interface Settings {
  local: LocalSettings;
  /** The tenant's app registration; null in local mode. */
  auth: AuthConfig | null;
  sharePoint: SharePointSettings;
  /** PLAN_STORE's choice, with the site and credentials it needs when it is SharePoint. */
  store: StoreChoice;
  bot: BotSettings;
  reminders: { schedule: ReminderScheduleConfig; sending: ReminderSendingConfig };
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const auth = readAuthConfig(env);
  const sharePoint = readSharePointSettings(env);
  return {
    local: readLocalSettings(env),
    auth,
    sharePoint,
    store: storeChoice(sharePoint, auth),
    bot: readBotSettings(env),
    reminders: {
      schedule: readReminderSchedule(env, auth?.bot !== undefined),
      sending: readReminderSendingConfig(env, auth, sharePoint.graphBaseUrl),
    },
  };
}

/** The settings in one line for the start-up log: where things are and what is on, never a secret. */
export function describeSettings(settings: Settings): string {
  const store = settings.store.kind === 'sqlite' ? 'store sqlite' : 'store sharepoint';
  const tenant = settings.auth ? describeAuthConfig(settings.auth) : 'no tenant (local mode)';
  const bot = settings.bot.enabled ? 'bot on' : 'bot off (PLAN_BOT=off)';
  const reminders = settings.reminders.schedule.enabled ? `reminders "${settings.reminders.schedule.pattern}"` : 'reminders off';
  return `settings: ${store}; ${tenant}; ${bot}; ${reminders}`;
}
