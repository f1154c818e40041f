import { readBotSettings, type BotSettings } from '../../bot/conversation/bot-settings.js';
import { readReminderSchedule, type ReminderScheduleConfig } from '../../bot/reminders/reminder-scheduler.js';
import { readReminderSendingConfig, type ReminderSendingConfig } from '../../bot/reminders/reminder-sending-config.js';
import { describeAuthConfig, readAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { readLocalSettings, type LocalSettings } from '../config/app-config.js';
import { readSharePointSettings, storeChoice, type SharePointSettings, type StoreChoice } from '../store/sharepoint/sharepoint-config.js';
import { z } from 'zod';
import { SettingsError, settingsErrorFrom } from '../config/settings-error.js';

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
  /** Reminders by email to leads with no account in the tenant, and the page their links open. */
  email: EmailReminderSettings;
}

/**
 * Reminders by email (issue 18, item 3; docs/permissions.md#reminders-by-email):
 *
 * - PLAN_REMINDER_MAILBOX: the shared mailbox the emails are sent as (Graph sendMail with the
 *   application permission Mail.Send, held to this mailbox by an Exchange application access
 *   policy). Unset: leads with no account are listed as unreachable, and nothing is emailed.
 * - PLAN_RESPOND_SECRET: the key the links are signed with (HMAC-SHA256), at least 32 characters,
 *   the same on every instance (Key Vault), so a link one instance sent opens on another. Set
 *   without a mailbox, links already sent still open until they expire.
 * - PLAN_PUBLIC_URL (read with SharePoint's settings): where the links point, the server as a
 *   phone outside the tenant reaches it.
 */
export interface EmailReminderSettings {
  mailbox: string | null;
  /** Null when no links are signed or answered. */
  respond: { secret: string; publicUrl: string } | null;
}

const emailSchema = z.object({
  PLAN_REMINDER_MAILBOX: z.email('must be the shared mailbox’s address, such as plans-reminders@council.example').max(254).optional(),
  PLAN_RESPOND_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters of a random string (openssl rand -base64 48), the same on every instance')
    .refine((v) => v.trim() === v, 'must not begin or end with spaces')
    .optional(),
});

export function readEmailReminderSettings(env: NodeJS.ProcessEnv, publicUrl: string | null, auth: AuthConfig | null): EmailReminderSettings {
  for (const name of ['PLAN_REMINDER_MAILBOX', 'PLAN_RESPOND_SECRET'] as const) {
    if (env[name] !== undefined && env[name]?.trim() === '') throw new SettingsError(name, 'is set but empty: give it a value, or unset it');
  }
  const parsed = emailSchema.safeParse({ PLAN_REMINDER_MAILBOX: env.PLAN_REMINDER_MAILBOX?.trim(), PLAN_RESPOND_SECRET: env.PLAN_RESPOND_SECRET });
  if (!parsed.success) throw settingsErrorFrom(parsed.error, 'PLAN_REMINDER_MAILBOX');
  const mailbox = parsed.data.PLAN_REMINDER_MAILBOX?.toLowerCase() ?? null;
  const secret = parsed.data.PLAN_RESPOND_SECRET ?? null;
  if (mailbox !== null) {
    if (!auth) throw new SettingsError('PLAN_REMINDER_MAILBOX', 'needs the tenant’s app registration (GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a credential) with the application permission Mail.Send');
    if (secret === null) throw new SettingsError('PLAN_RESPOND_SECRET', 'is needed with PLAN_REMINDER_MAILBOX: the key the emailed links are signed with');
  }
  if (secret !== null && publicUrl === null) throw new SettingsError('PLAN_PUBLIC_URL', 'is needed with PLAN_RESPOND_SECRET: the https address the emailed links open, as a phone outside the tenant reaches the server');
  return { mailbox, respond: secret !== null && publicUrl !== null ? { secret, publicUrl } : null };
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
      sending: readReminderSendingConfig(env, auth, sharePoint.graphBaseUrl, sharePoint.publicUrl),
    },
    email: readEmailReminderSettings(env, sharePoint.publicUrl, auth),
  };
}

/** The settings in one line for the start-up log: where things are and what is on, never a secret. */
export function describeSettings(settings: Settings): string {
  const store = settings.store.kind === 'sqlite' ? 'store sqlite' : 'store sharepoint';
  const tenant = settings.auth ? describeAuthConfig(settings.auth) : 'no tenant (local mode)';
  const bot = settings.bot.enabled ? 'bot on' : 'bot off (PLAN_BOT=off)';
  const reminders = settings.reminders.schedule.enabled ? `reminders "${settings.reminders.schedule.pattern}"` : 'reminders off';
  const email = settings.email.mailbox ? `; reminders by email from ${settings.email.mailbox}` : '';
  return `settings: ${store}; ${tenant}; ${bot}; ${reminders}${email}`;
}
