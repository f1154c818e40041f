import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSettings, readSettings } from '../../src/app/settings.js';
import { SettingsError } from '../../src/config/settings-error.js';

const TENANT = {
  GRAPH_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  GRAPH_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  GRAPH_CLIENT_SECRET: 'the-secret-value',
};

function refusal(env: NodeJS.ProcessEnv): SettingsError {
  try {
    readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('the settings, read once from the environment', () => {
  it('are local mode with nothing set: SQLite, no tenant, the bot for the Agents Playground, no reminder schedule', () => {
    const settings = readSettings({});
    expect(settings.store).toEqual({ kind: 'sqlite' });
    expect(settings.auth).toBeNull();
    expect(settings.bot).toEqual({ enabled: true, serviceUrls: null });
    expect(settings.reminders.schedule).toMatchObject({ enabled: false, pattern: '0 9 * * *' });
    expect(settings.local).toMatchObject({ dbPath: null, host: null, port: null, localUserName: 'Local demo user', allowRemote: false });
  });

  it('read the tenant once and give it to every part that needs it', () => {
    const settings = readSettings({ ...TENANT, BOT_ID: TENANT.GRAPH_CLIENT_ID, PLAN_STORE: 'sharepoint', SHAREPOINT_SITE: 'https://contoso.sharepoint.com/sites/board' });
    expect(settings.store.kind === 'sharepoint' && settings.store.sharepoint.auth).toBe(settings.auth);
    expect(settings.reminders.sending).toMatchObject({ botId: TENANT.GRAPH_CLIENT_ID, tenantId: TENANT.GRAPH_TENANT_ID, graphBaseUrl: 'https://graph.microsoft.com/v1.0' });
    expect(settings.reminders.schedule).toMatchObject({ enabled: true, reason: 'the bot is registered (BOT_ID)' });
  });

  it.each([
    [{ PLAN_PORT: 'eighty' }, 'PLAN_PORT'],
    [{ PLAN_HOST: '' }, 'PLAN_HOST'],
    [{ PLAN_STORE: 'dataverse' }, 'PLAN_STORE'],
    [{ SHAREPOINT_SITE: 'http://contoso.sharepoint.com/sites/board' }, 'SHAREPOINT_SITE'],
    [{ GRAPH_BASE_URL: '' }, 'GRAPH_BASE_URL'],
    [{ ...TENANT, GRAPH_CLIENT_ID: 'not-a-guid' }, 'GRAPH_CLIENT_ID'],
    [{ GRAPH_CLIENT_SECRET: 'x' }, 'GRAPH_TENANT_ID'],
    [{ PLAN_BOT: 'maybe' }, 'PLAN_BOT'],
    [{ PLAN_BOT_SERVICE_URLS: 'ftp://x' }, 'PLAN_BOT_SERVICE_URLS'],
    [{ PLAN_REMINDERS: 'yes' }, 'PLAN_REMINDERS'],
    [{ PLAN_REMINDER_SCHEDULE: 'every morning' }, 'PLAN_REMINDER_SCHEDULE'],
    [{ PLAN_TEAMS_APP_RPS: 'fast' }, 'PLAN_TEAMS_APP_RPS'],
    [{ PLAN_TEAMS_CATALOG_APP_ID: 'teams-app' }, 'PLAN_TEAMS_CATALOG_APP_ID'],
  ] as const)('refuse %o with one SettingsError naming %s', (env, variable) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^configuration: ${variable} `));
  });

  it('keep unset distinct from empty: an empty variable is refused by name, never taken as the default', () => {
    expect(refusal({ PLAN_DB: '' }).variable).toBe('PLAN_DB');
    expect(refusal({ ...TENANT, BOT_PASSWORD: ' ' }).variable).toBe('BOT_PASSWORD');
    expect(readSettings({ PLAN_REMINDERS: 'off', BOT_ID: undefined }).reminders.schedule.enabled).toBe(false);
  });

  it('describe themselves for the log without a secret', () => {
    const line = describeSettings(readSettings({ ...TENANT, BOT_ID: '99999999-2222-3333-4444-555555555555', BOT_PASSWORD: 'bot-secret-value' }));
    expect(line).toMatch(/^settings: store sqlite; Entra ID tenant 72f988bf-86f1-41af-91ab-2d7cd011db47, app 11111111-2222-3333-4444-555555555555, client secret \(redacted\)/);
    expect(line).toContain('reminders "0 9 * * *"');
    expect(line).not.toContain('the-secret-value');
    expect(line).not.toContain('bot-secret-value');
  });
});

describe('.env.example', () => {
  it('lists every variable the settings read, and no other', async () => {
    const root = join(import.meta.dirname, '../..');
    const example = await readFile(join(root, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const readers = ['src/config/app-config.ts', 'src/app/settings.ts', 'src/auth/auth-config.ts', 'src/store/sharepoint/sharepoint-config.ts', 'bot/conversation/bot-settings.ts', 'bot/reminders/reminder-scheduler.ts', 'bot/reminders/reminder-sending-config.ts', 'bot/delivery/teams-rate-limits.ts'];
    const sources = (await Promise.all(readers.map((file) => readFile(join(root, file), 'utf8')))).join('\n');
    // A variable is read where a reader names it: env.NAME, a schema key (NAME:), or a list entry ('NAME').
    const NAME = '((?:PLAN|GRAPH|SHAREPOINT|BOT|TAB)_[A-Z0-9_]+)';
    const read = new Set([...sources.matchAll(new RegExp(`(?:env\\.${NAME}\\b|^\\s+${NAME}: |'${NAME}'(?=[,\\]]))`, 'gm'))].map((m) => m[1] ?? m[2] ?? m[3]));
    expect([...listed].sort()).toEqual([...read].sort());
  });
});
