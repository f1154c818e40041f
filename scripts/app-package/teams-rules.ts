/**
 * Teams' rules that the JSON schema cannot express, each from Microsoft's documentation:
 * - icons: color 192x192, outline 32x32 white on transparent (microsoft-365/extensibility/schema/root-icons);
 * - every tab URL on HTTPS and inside validDomains (tabs/how-to/tab-requirements; manifest-schema#validdomains);
 * - webApplicationInfo.resource is api://<the tab's domain>/<client id> (tabs/how-to/authentication/tab-sso-manifest);
 * - sharing to the meeting stage needs both meeting contexts and the MeetingStage.Write.Chat RSC permission
 *   (apps-in-teams-meetings/build-apps-for-teams-meeting-stage);
 * - one command list per scope, each a scope the bot has (schema/root-bots-command-lists);
 * - a resource-specific permission the app asks for has the type Microsoft documents for it: the
 *   stage and Live Share permissions are Delegated (apps-in-teams-meetings/teams-live-share-quick-start,
 *   its manifest), OnlineMeeting.ReadBasic.Chat, which the meeting start and end events need, is
 *   Application (apps-in-teams-meetings/meeting-apps-apis, "Get meeting details" RSC example), and
 *   TeamsActivity.Send.User, for activity feed notifications to a person the app is installed for,
 *   is Application (graph/api/userteamwork-sendactivitynotification, "Permissions");
 * - activity feed notifications need webApplicationInfo, the app registration Graph sends them as
 *   (tabs/send-activity-feed-notification, "Requirements for using the activity feed notification APIs").
 */
import { z } from 'zod';
import type { ManifestProblem } from './manifest-problem.js';
import { decodePng, PngError, readPngHeader } from './png-image.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';

// Only the fields these rules read; the schema has already judged the rest.
const tabUrls = { contentUrl: z.string().optional(), websiteUrl: z.string().optional(), searchUrl: z.string().optional() };
const shape = z.object({
  id: z.string().optional(),
  icons: z.object({ color: z.string().optional(), outline: z.string().optional(), color32x32: z.string().optional() }).optional(),
  configurableTabs: z.array(z.object({ configurationUrl: z.string().optional(), context: z.array(z.string()).optional() })).optional(),
  staticTabs: z.array(z.object({ entityId: z.string().optional(), contentBotId: z.string().optional(), context: z.array(z.string()).optional(), ...tabUrls })).optional(),
  bots: z
    .array(
      z.object({
        botId: z.string().optional(),
        scopes: z.array(z.string()).optional(),
        commandLists: z.array(z.object({ scopes: z.array(z.string()).optional(), commands: z.array(z.object({ title: z.string().optional() })).optional() })).optional(),
      }),
    )
    .optional(),
  validDomains: z.array(z.string()).optional(),
  webApplicationInfo: z.object({ id: z.string().optional(), resource: z.string().optional() }).optional(),
  activities: z.object({ activityTypes: z.array(z.object({ type: z.string().optional() })).optional() }).optional(),
  authorization: z
    .object({ permissions: z.object({ resourceSpecific: z.array(z.object({ name: z.string().optional(), type: z.string().optional() })).optional() }).optional() })
    .optional(),
});
type Manifest = z.infer<typeof shape>;

export const ICON_SIZES = { color: 192, outline: 32, color32x32: 32 } as const;

/** A host matches `example.org` exactly, or `*.example.org` for any subdomain of it. */
export function domainCovers(domain: string, host: string): boolean {
  const d = domain.toLowerCase();
  const h = host.toLowerCase();
  if (d.startsWith('*.')) return h.endsWith(d.slice(1)) && h.length > d.length - 1;
  return d === h;
}

function checkIds(m: Manifest): ManifestProblem[] {
  const ids: [string, string | undefined][] = [
    ['id', m.id],
    ['webApplicationInfo.id', m.webApplicationInfo?.id],
    ...(m.bots ?? []).map((b, i): [string, string | undefined] => [`bots[${i}].botId`, b.botId]),
    ...(m.staticTabs ?? []).flatMap((t, i): [string, string | undefined][] => (t.contentBotId === undefined ? [] : [[`staticTabs[${i}].contentBotId`, t.contentBotId]])),
  ];
  return ids.flatMap(([field, value]) => {
    if (value === undefined) return [];
    if (!GUID.test(value)) return [{ field, message: `${field} must be a GUID, not "${value}"` }];
    if (value === NIL_GUID) return [{ field, message: `${field} is the empty GUID: give the real one` }];
    return [];
  });
}

function checkIcons(m: Manifest, files: ReadonlyMap<string, Buffer>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [kind, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const name = m.icons?.[kind];
    if (name === undefined) continue;
    const field = `icons.${kind}`;
    const file = files.get(name);
    if (!file) {
      problems.push({ field, message: `${field} names ${name}, which is not in the package` });
      continue;
    }
    try {
      const header = readPngHeader(file);
      if (header.width !== size || header.height !== size) {
        problems.push({ field, message: `${field} (${name}) must be ${size}x${size} pixels, but is ${header.width}x${header.height}` });
      }
      if (kind === 'outline') problems.push(...checkOutline(field, name, file, header.hasTransparency));
    } catch (error) {
      if (!(error instanceof PngError)) throw error;
      problems.push({ field, message: `${field} (${name}) ${error.message}` });
    }
  }
  return problems;
}

// Teams tints the outline icon itself, so it must be white shapes on a transparent background.
function checkOutline(field: string, name: string, file: Buffer, hasTransparency: boolean): ManifestProblem[] {
  if (!hasTransparency) return [{ field, message: `${field} (${name}) must have a transparent background (a PNG with alpha)` }];
  const { pixels } = decodePng(file);
  let coloured = 0;
  let transparent = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) transparent += 1;
    // Anti-aliased edges are white at partial alpha; allow rounding in the un-premultiplied colour.
    else if (pixels[i]! < 240 || pixels[i + 1]! < 240 || pixels[i + 2]! < 240) coloured += 1;
  }
  const problems: ManifestProblem[] = [];
  if (coloured > 0) problems.push({ field, message: `${field} (${name}) must be white on transparent, but ${coloured} pixels are not white` });
  if (transparent === 0) problems.push({ field, message: `${field} (${name}) must have a transparent background, but no pixel is transparent` });
  return problems;
}

function tabUrlFields(m: Manifest): [string, string][] {
  return [
    ...(m.configurableTabs ?? []).flatMap((t, i): [string, string][] => (t.configurationUrl ? [[`configurableTabs[${i}].configurationUrl`, t.configurationUrl]] : [])),
    ...(m.staticTabs ?? []).flatMap((t, i) =>
      (['contentUrl', 'websiteUrl', 'searchUrl'] as const).flatMap((k): [string, string][] => (t[k] ? [[`staticTabs[${i}].${k}`, t[k]]] : [])),
    ),
  ];
}

function checkDomains(m: Manifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const domains = m.validDomains ?? [];
  domains.forEach((d, i) => {
    if (/[/:]/.test(d.replace(/:\d+$/, ''))) problems.push({ field: `validDomains[${i}]`, message: `validDomains[${i}] "${d}" must be a domain such as plans.example.org, without scheme or path` });
  });
  for (const [field, value] of tabUrlFields(m)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push({ field, message: `${field} "${value}" is not a URL` });
      continue;
    }
    if (url.protocol !== 'https:') problems.push({ field, message: `${field} must use https: Teams loads tabs over HTTPS only` });
    if (!domains.some((d) => domainCovers(d, url.host))) {
      problems.push({ field, message: `${field} is on ${url.host}, which validDomains does not list (has: ${domains.join(', ') || 'none'})` });
    }
  }
  return problems;
}

function checkSso(m: Manifest): ManifestProblem[] {
  const info = m.webApplicationInfo;
  if (!info?.resource) return info ? [{ field: 'webApplicationInfo.resource', message: 'webApplicationInfo.resource is required for Teams SSO (api://<domain>/<client id>)' }] : [];
  const field = 'webApplicationInfo.resource';
  const match = /^api:\/\/([^/]+)\/(.+)$/.exec(info.resource);
  if (!match) return [{ field, message: `${field} must look like api://<tab domain>/<client id>, not "${info.resource}"` }];
  const [, host, last] = match as unknown as [string, string, string];
  const problems: ManifestProblem[] = [];
  if (!(m.validDomains ?? []).some((d) => domainCovers(d, host))) problems.push({ field, message: `${field} names ${host}, which validDomains does not list: it must be the tab's domain` });
  const botIds = (m.bots ?? []).map((b) => b.botId?.toLowerCase());
  const end = last.toLowerCase();
  if (end !== info.id?.toLowerCase() && !botIds.some((id) => id !== undefined && end === `botid-${id}`)) {
    problems.push({ field, message: `${field} must end with webApplicationInfo.id (${info.id ?? 'missing'}), or botid-<bot id>` });
  }
  return problems;
}

function checkMeetings(m: Manifest): ManifestProblem[] {
  const tabs = [...(m.configurableTabs ?? []).map((t, i) => ({ field: `configurableTabs[${i}].context`, context: t.context ?? [] })), ...(m.staticTabs ?? []).map((t, i) => ({ field: `staticTabs[${i}].context`, context: t.context ?? [] }))];
  const problems: ManifestProblem[] = [];
  for (const tab of tabs.filter((t) => t.context.includes('meetingStage'))) {
    if (!tab.context.includes('meetingSidePanel')) problems.push({ field: tab.field, message: `${tab.field} has meetingStage without meetingSidePanel: the stage is shared from the side panel` });
    const rsc = m.authorization?.permissions?.resourceSpecific ?? [];
    if (!rsc.some((p) => p.name === 'MeetingStage.Write.Chat' && p.type === 'Delegated')) {
      problems.push({ field: 'authorization.permissions.resourceSpecific', message: `authorization.permissions.resourceSpecific must grant MeetingStage.Write.Chat (Delegated) for ${tab.field} to share to the meeting stage` });
    }
  }
  return problems;
}

/** The type of each resource-specific permission this app may ask for, as Microsoft's pages declare it. */
export const RSC_PERMISSION_TYPES: Readonly<Record<string, 'Delegated' | 'Application'>> = {
  'MeetingStage.Write.Chat': 'Delegated',
  'ChannelMeetingStage.Write.Group': 'Delegated',
  'LiveShareSession.ReadWrite.Chat': 'Delegated',
  'LiveShareSession.ReadWrite.Group': 'Delegated',
  'OnlineMeeting.ReadBasic.Chat': 'Application',
  'TeamsActivity.Send.User': 'Application',
};

function checkPermissionTypes(m: Manifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  (m.authorization?.permissions?.resourceSpecific ?? []).forEach((p, i) => {
    const documented = p.name === undefined ? undefined : RSC_PERMISSION_TYPES[p.name];
    if (documented !== undefined && p.type !== documented) {
      const field = `authorization.permissions.resourceSpecific[${i}].type`;
      problems.push({ field, message: `${field} must be ${documented} for ${p.name}, as Microsoft documents it` });
    }
  });
  return problems;
}

function checkActivities(m: Manifest): ManifestProblem[] {
  if ((m.activities?.activityTypes ?? []).length === 0 || m.webApplicationInfo?.id) return [];
  return [{ field: 'webApplicationInfo.id', message: 'webApplicationInfo.id is required for activity feed notifications: Graph sends them as that app registration' }];
}

function checkTabsAndBots(m: Manifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const entityIds = (m.staticTabs ?? []).map((t) => t.entityId);
  entityIds.forEach((id, i) => {
    if (id !== undefined && entityIds.indexOf(id) !== i) problems.push({ field: `staticTabs[${i}].entityId`, message: `staticTabs[${i}].entityId "${id}" is used by another static tab` });
  });
  (m.bots ?? []).forEach((bot, b) => {
    const scopes = bot.scopes ?? [];
    const listed = new Set<string>();
    (bot.commandLists ?? []).forEach((list, l) => {
      for (const scope of list.scopes ?? []) {
        const field = `bots[${b}].commandLists[${l}].scopes`;
        if (!scopes.includes(scope)) problems.push({ field, message: `${field} has ${scope}, which is not one of the bot's scopes (${scopes.join(', ')})` });
        if (listed.has(scope)) problems.push({ field, message: `${field} repeats ${scope}: one command list per scope` });
        listed.add(scope);
      }
      const titles = (list.commands ?? []).map((c) => c.title?.toLowerCase());
      titles.forEach((t, c) => {
        if (t !== undefined && titles.indexOf(t) !== c) problems.push({ field: `bots[${b}].commandLists[${l}].commands[${c}].title`, message: `bots[${b}].commandLists[${l}].commands[${c}].title "${t}" is listed twice` });
      });
    });
  });
  return problems;
}

/** Problems the schema cannot see. `files` holds the package's other files by name (the icons). */
export function checkTeamsRules(manifest: unknown, files: ReadonlyMap<string, Buffer>): ManifestProblem[] {
  const parsed = shape.safeParse(manifest);
  // A manifest of the wrong shape has already failed the schema, which names the field better.
  if (!parsed.success) return [];
  const m = parsed.data;
  return [...checkIds(m), ...checkIcons(m, files), ...checkDomains(m), ...checkSso(m), ...checkMeetings(m), ...checkPermissionTypes(m), ...checkActivities(m), ...checkTabsAndBots(m)];
}
