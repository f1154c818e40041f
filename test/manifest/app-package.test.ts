import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage, zipAppPackage, type AppPackage } from '../../scripts/app-package/build-app-package.js';
import { fillTemplate, templateValues, type JsonValue } from '../../scripts/app-package/fill-template.js';
import { AppPackageError, type ManifestProblem } from '../../scripts/app-package/manifest-problem.js';
import { bundledSchemaDir, checkAgainstSchema } from '../../scripts/app-package/manifest-schema.js';
import { PackageSettingsError, readPackageSettings } from '../../scripts/app-package/package-settings.js';
import { teamsAppIdFor } from '../../src/config/teams-app-id.js';
import { validateAppPackage } from '../../scripts/app-package/validate-app-package.js';
import { ACTIVITY_TYPES } from '../../bot/delivery/activity-feed.js';

const root = join(import.meta.dirname, '../..');
const TEMPLATE = join(root, 'manifest', 'manifest.template.json');
const CLIENT_ID = '1b4c6f0e-8a0d-4c5e-9f55-3f0b7a1d2e11';
const BOT_ID = '7d2e9a40-3c1b-4f6e-8a5d-2b9c0e4f1a77';
const ENV = { PLAN_PUBLIC_URL: 'https://plans.example.org', GRAPH_CLIENT_ID: CLIENT_ID, BOT_ID };

const settings = readPackageSettings(ENV, { appVersion: '0.1.0' });
let pkg: AppPackage;
let icons: Map<string, Buffer>;

beforeAll(async () => {
  pkg = await buildAppPackage(TEMPLATE, settings);
  icons = new Map([...pkg.files].filter(([name]) => name.endsWith('.png')));
});

type JsonObject = { [key: string]: JsonValue };
function obj(value: JsonValue | undefined): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value;
}
function list(value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw new Error('not an array');
  return value;
}

/** The valid manifest, changed by `edit`, validated with the package's icons (or `files`). */
function problemsAfter(edit: (m: JsonObject) => void, files: ReadonlyMap<string, Buffer> = icons): ManifestProblem[] {
  const manifest = obj(structuredClone(pkg.manifest));
  edit(manifest);
  return validateAppPackage(manifest, files);
}

// An 8-bit RGBA PNG, to make icons that break the rules.
function png(size: number, rgba: [number, number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: size }, () => Buffer.from(rgba)))]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('Teams app manifest', () => {
  it('fills the template from the environment and passes the official v1.30 schema bundled in @microsoft/app-manifest, the newest it carries', () => {
    expect(pkg.manifestVersion).toBe('1.30');
    const bundled = readdirSync(bundledSchemaDir())
      .filter((v) => /^v\d+\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(bundled.at(-1)).toBe(pkg.manifestVersion);
    expect(checkAgainstSchema(pkg.manifest)).toEqual([]);
    expect(validateAppPackage(pkg.manifest, icons)).toEqual([]);
    expect(JSON.stringify(pkg.manifest)).not.toContain('{{');
  });

  it('offers the tab in channels, group chats, the meeting side panel and stage, and as a personal tab', () => {
    const m = obj(pkg.manifest);
    const tab = obj(list(m.configurableTabs)[0]);
    expect(tab.configurationUrl).toBe('https://plans.example.org/tab/config');
    expect(tab.scopes).toEqual(['team', 'groupChat']);
    expect(tab.context).toEqual(expect.arrayContaining(['channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage']));
    const personal = list(m.staticTabs).map(obj).find((t) => t.entityId === 'plans');
    expect(personal).toMatchObject({ contentUrl: 'https://plans.example.org/tab/', scopes: ['personal'] });
    expect(obj(m.authorization)).toEqual({
      permissions: {
        resourceSpecific: [
          { name: 'MeetingStage.Write.Chat', type: 'Delegated' },
          { name: 'ChannelMeetingStage.Write.Group', type: 'Delegated' },
          { name: 'LiveShareSession.ReadWrite.Chat', type: 'Delegated' },
          { name: 'LiveShareSession.ReadWrite.Group', type: 'Delegated' },
          { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
          { name: 'TeamsActivity.Send.User', type: 'Application' },
        ],
      },
    });
  });

  it('declares the bot for reminders in personal chats, digests in a team\'s channels and meeting summaries in meeting chats, without calling, with each scope\'s commands', () => {
    const bot = obj(list(obj(pkg.manifest).bots)[0]);
    expect(bot).toMatchObject({ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'], supportsCalling: false });
    const commands = list(bot.commandLists).map((l) => list(obj(l).commands).map((c) => obj(c).title));
    expect(commands).toEqual([['my actions', 'help'], ['since last meeting', 'help'], ['help']]);
    expect(list(bot.commandLists).map((l) => obj(l).scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
  });

  it('works in shared and private channels (supportsChannelFeatures tier1), and declares the activity feed notification the reminders send, with the permission to send it', () => {
    const m = obj(pkg.manifest);
    expect(m.supportsChannelFeatures).toBe('tier1');
    const declared = list(obj(m.activities).activityTypes).map((t) => obj(t));
    expect(declared.map((t) => t.type)).toEqual(Object.keys(ACTIVITY_TYPES));
    for (const t of declared) {
      const sent = ACTIVITY_TYPES[t.type as keyof typeof ACTIVITY_TYPES];
      // Every parameter the template names, other than the reserved {actor}, is one the sender fills.
      const named = [...String(t.templateText).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).filter((p) => p !== 'actor');
      expect(named).toEqual([...sent.parameters]);
      expect(t.templateText).toBe(sent.templateText);
    }
    expect(list(obj(obj(m.authorization).permissions).resourceSpecific)).toContainEqual({ name: 'TeamsActivity.Send.User', type: 'Application' });
  });

  it('names the app registration for Teams SSO: id the client id, resource api://<host>/<client id>', () => {
    const m = obj(pkg.manifest);
    expect(m.webApplicationInfo).toEqual({ id: CLIENT_ID, resource: `api://plans.example.org/${CLIENT_ID}` });
    expect(m.validDomains).toEqual(['plans.example.org']);
  });

  it('gives the same Teams app id for the same registration, so an upload updates the app', () => {
    expect(obj(pkg.manifest).id).toBe(teamsAppIdFor(CLIENT_ID));
    expect(teamsAppIdFor(CLIENT_ID.toUpperCase())).toBe(teamsAppIdFor(CLIENT_ID));
    expect(teamsAppIdFor(BOT_ID)).not.toBe(teamsAppIdFor(CLIENT_ID));
    expect(teamsAppIdFor(CLIENT_ID)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('a broken manifest fails, naming the field', () => {
  it('a bot without its id', () => {
    const problems = problemsAfter((m) => delete obj(list(m.bots)[0]).botId);
    expect(problems).toContainEqual({ field: 'bots[0].botId', message: 'bots[0].botId is required but missing' });
  });

  it('an id that is not a GUID', () => {
    const problems = problemsAfter((m) => (obj(list(m.bots)[0]).botId = 'reminder-bot'));
    expect(problems.map((p) => p.field)).toContain('bots[0].botId');
    expect(problems.find((p) => p.field === 'bots[0].botId')?.message).toMatch(/GUID|pattern/);
  });

  it('the empty GUID, which the schema accepts but Teams cannot use', () => {
    const problems = problemsAfter((m) => (m.id = '00000000-0000-0000-0000-000000000000'));
    expect(problems).toEqual([{ field: 'id', message: 'id is the empty GUID: give the real one' }]);
  });

  it('an unknown tab context', () => {
    const problems = problemsAfter((m) => list(obj(list(m.configurableTabs)[0]).context).push('meetingRoom'));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('configurableTabs[0].context[6]');
    expect(problems[0]!.message).toMatch(/^configurableTabs\[0\]\.context\[6\] must be one of: personalTab, channelTab, .*meetingStage$/);
  });

  it('an outline icon of the wrong size and without transparency', () => {
    const files = new Map(icons);
    files.set('outline.png', icons.get('color.png')!);
    const problems = problemsAfter(() => {}, files);
    expect(problems).toContainEqual({ field: 'icons.outline', message: 'icons.outline (outline.png) must be 32x32 pixels, but is 192x192' });
    expect(problems).toContainEqual({ field: 'icons.outline', message: 'icons.outline (outline.png) must have a transparent background (a PNG with alpha)' });
  });

  it('a colour icon of the wrong size', () => {
    const files = new Map(icons);
    files.set('color.png', png(96, [15, 92, 110, 255]));
    expect(problemsAfter(() => {}, files)).toEqual([{ field: 'icons.color', message: 'icons.color (color.png) must be 192x192 pixels, but is 96x96' }]);
  });

  it('an outline icon that is not white on transparent', () => {
    const files = new Map(icons);
    files.set('outline.png', png(32, [15, 92, 110, 255]));
    const messages = problemsAfter(() => {}, files).map((p) => p.message);
    expect(messages).toEqual([
      'icons.outline (outline.png) must be white on transparent, but 1024 pixels are not white',
      'icons.outline (outline.png) must have a transparent background, but no pixel is transparent',
    ]);
  });

  it('an icon the package does not hold', () => {
    const problems = problemsAfter((m) => (obj(m.icons).color = 'colour.png'));
    expect(problems).toEqual([{ field: 'icons.color', message: 'icons.color names colour.png, which is not in the package' }]);
  });

  it('a tab URL outside validDomains', () => {
    const problems = problemsAfter((m) => (obj(list(m.configurableTabs)[0]).configurationUrl = 'https://elsewhere.example.com/tab/config'));
    expect(problems).toEqual([
      { field: 'configurableTabs[0].configurationUrl', message: 'configurableTabs[0].configurationUrl is on elsewhere.example.com, which validDomains does not list (has: plans.example.org)' },
    ]);
  });

  it('a wildcard valid domain covers subdomains, not the bare domain', () => {
    expect(problemsAfter((m) => (m.validDomains = ['*.example.org']))).toEqual([]);
    expect(problemsAfter((m) => (m.validDomains = ['*.plans.example.org'])).map((p) => p.field)).toContain('staticTabs[1].contentUrl');
  });

  it('a tab on plain http', () => {
    const problems = problemsAfter((m) => (obj(list(m.staticTabs)[1]).contentUrl = 'http://plans.example.org/tab/'));
    expect(problems).toContainEqual({ field: 'staticTabs[1].contentUrl', message: 'staticTabs[1].contentUrl must use https: Teams loads tabs over HTTPS only' });
  });

  it('an SSO resource that is not api://<tab domain>/<client id>', () => {
    const problems = problemsAfter((m) => (obj(m.webApplicationInfo).resource = `api://plans.example.org/${BOT_ID}`));
    expect(problems).toEqual([{ field: 'webApplicationInfo.resource', message: `webApplicationInfo.resource must end with webApplicationInfo.id (${CLIENT_ID}), or botid-<bot id>` }]);
    expect(problemsAfter((m) => (obj(m.webApplicationInfo).resource = `api://plans.example.org/botid-${BOT_ID}`))).toEqual([]);
  });

  it('sharing to the meeting stage without the MeetingStage.Write.Chat permission', () => {
    const problems = problemsAfter((m) => delete m.authorization);
    expect(problems.map((p) => p.field)).toEqual(['authorization.permissions.resourceSpecific']);
  });

  it('a command list for a scope the bot does not have', () => {
    const problems = problemsAfter((m) => (obj(list(m.bots)[0]).scopes = ['personal', 'groupChat']));
    expect(problems).toEqual([{ field: 'bots[0].commandLists[1].scopes', message: "bots[0].commandLists[1].scopes has team, which is not one of the bot's scopes (personal, groupChat)" }]);
  });

  it('activity feed notifications without the app registration Graph sends them as', () => {
    const problems = problemsAfter((m) => delete m.webApplicationInfo);
    expect(problems).toContainEqual({ field: 'webApplicationInfo.id', message: 'webApplicationInfo.id is required for activity feed notifications: Graph sends them as that app registration' });
  });

  it('a resource-specific permission with another type than Microsoft documents', () => {
    const problems = problemsAfter((m) => (obj(list(obj(obj(m.authorization).permissions).resourceSpecific)[4]).type = 'Delegated'));
    expect(problems).toEqual([{ field: 'authorization.permissions.resourceSpecific[4].type', message: 'authorization.permissions.resourceSpecific[4].type must be Application for OnlineMeeting.ReadBasic.Chat, as Microsoft documents it' }]);
  });

  it('a property the schema does not know', () => {
    const problems = problemsAfter((m) => (obj(list(m.bots)[0]).supportsReminders = true));
    expect(problems).toEqual([{ field: 'bots[0].supportsReminders', message: 'bots[0].supportsReminders is not a property the schema allows here' }]);
  });

  it('a template placeholder with no value', () => {
    const { problems } = fillTemplate({ developer: { websiteUrl: '{{SUPPORT_URL}}/help' } }, templateValues(settings));
    expect(problems).toEqual([{ field: 'developer.websiteUrl', message: 'developer.websiteUrl has the placeholder {{SUPPORT_URL}}, which has no value' }]);
  });
});

describe('package settings from the environment', () => {
  const read = (env: Record<string, string>) => () => readPackageSettings(env, { appVersion: '0.1.0' });

  it('needs the public URL and the client id, naming the missing variable', () => {
    expect(read({ GRAPH_CLIENT_ID: CLIENT_ID })).toThrow(/^configuration: PLAN_PUBLIC_URL is not set/);
    expect(read({ PLAN_PUBLIC_URL: 'https://plans.example.org' })).toThrow(/^configuration: GRAPH_CLIENT_ID is not set/);
  });

  it('refuses plain http, a path prefix, an empty value and ids that are not GUIDs', () => {
    expect(read({ ...ENV, PLAN_PUBLIC_URL: 'http://plans.example.org' })).toThrow(/PLAN_PUBLIC_URL must be an https:\/\/ URL/);
    expect(read({ ...ENV, PLAN_PUBLIC_URL: 'https://example.org/plans' })).toThrow(/PLAN_PUBLIC_URL must be the origin only/);
    expect(read({ ...ENV, BOT_ID: '' })).toThrow(/BOT_ID is set but empty/);
    expect(read({ ...ENV, PLAN_TEAMS_APP_ID: 'action-plans' })).toThrow(PackageSettingsError);
    expect(read({ ...ENV, PLAN_TEAMS_APP_ID: 'action-plans' })).toThrow(/PLAN_TEAMS_APP_ID must be a GUID/);
  });

  it('uses the client id for the bot when the bot shares the registration, and TAB_APP_ID_URI when set', () => {
    const shared = readPackageSettings({ PLAN_PUBLIC_URL: 'https://plans.example.org:8443', GRAPH_CLIENT_ID: CLIENT_ID, TAB_APP_ID_URI: `api://plans.example.org:8443/botid-${CLIENT_ID}` }, { appVersion: '1.2.3' });
    expect(shared).toMatchObject({ botId: CLIENT_ID, publicHost: 'plans.example.org:8443', appIdUri: `api://plans.example.org:8443/botid-${CLIENT_ID}`, appVersion: '1.2.3' });
  });
});

describe('the app package zip', () => {
  it('holds manifest.json and both icons at its root', () => {
    const entries = unzipSync(zipAppPackage(pkg));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'))).toEqual(pkg.manifest);
    expect(Buffer.from(entries['outline.png']!).equals(icons.get('outline.png')!)).toBe(true);
  });

  it('is the same, byte for byte, for the same inputs', async () => {
    const again = await buildAppPackage(TEMPLATE, settings);
    expect(Buffer.from(zipAppPackage(again)).equals(Buffer.from(zipAppPackage(pkg)))).toBe(true);
  });

  it('is never built from a manifest that fails validation', async () => {
    const failure = await buildAppPackage(TEMPLATE, { ...settings, botId: 'reminder-bot' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppPackageError);
    expect((failure as AppPackageError).problems.map((p) => p.field)).toContain('bots[0].botId');
    expect((failure as AppPackageError).message).toMatch(/^manifest\.json: \d+ problems?\n  - bots\[0\]\.botId/);
  });
});

describe('npm run package:app', () => {
  const run = promisify(execFile);
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'plan-app-package-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes the validated package folder and zip', async () => {
    const zip = join(out, 'app.zip');
    const { stdout } = await run(process.execPath, ['bin/run-ts.js', 'scripts/package-app.ts', '--out-dir', join(out, 'app'), '--zip', zip], { cwd: root, env: { ...process.env, ...ENV } });
    expect(stdout).toContain('valid against the official v1.30 schema');
    expect(existsSync(zip)).toBe(true);
    const manifest = JSON.parse(await readFile(join(out, 'app', 'manifest.json'), 'utf8')) as { bots: { botId: string }[] };
    expect(manifest.bots[0]!.botId).toBe(BOT_ID);
  });

  it('stops with the missing variable named, and writes nothing', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'PLAN_PUBLIC_URL' && k !== 'GRAPH_CLIENT_ID'));
    const failure = await run(process.execPath, ['bin/run-ts.js', 'scripts/package-app.ts', '--out-dir', join(out, 'none'), '--zip', join(out, 'none.zip')], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('PLAN_PUBLIC_URL is not set');
    expect(existsSync(join(out, 'none.zip'))).toBe(false);
  });
});
