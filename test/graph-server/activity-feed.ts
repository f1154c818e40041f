import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenClaims } from './permissions.js';
import { ServiceError } from './service-error.js';
import type { TeamsTenant } from '../bot-connector/teams-tenant.js';

/**
 * Teams' activity feed as Graph serves it, for the reminders sent there. Each behaviour follows a
 * Microsoft page:
 *
 * - POST /users/{id}/teamwork/sendActivityNotification ("userTeamwork: sendActivityNotification",
 *   learn.microsoft.com/graph/api/userteamwork-sendactivitynotification): 204 No Content; the body's
 *   activityType must be declared in the app manifest's `activities` (read from
 *   manifest/manifest.template.json here, as Teams reads the uploaded app's), with every parameter
 *   its templateText names in templateParameters; topic text needs a webUrl; 400 BadRequest otherwise.
 * - Permissions (same page): application TeamsActivity.Send, or the resource-specific
 *   TeamsActivity.Send.User, which a person's installation of the app grants: without either, 403.
 * - "The Teams app must be installed for the recipient" (tabs/send-activity-feed-notification,
 *   Requirements): 403 Forbidden for a person the app is not installed for; an unknown person 404.
 * - About 5 requests a second per app per tenant (../shared/PLATFORM-LIMITS.md, graph/
 *   teams-send-activityfeednotifications): over it, 429 TooManyRequests with Retry-After.
 */

export interface DeliveredNotice {
  userId: string;
  activityType: string;
  parameters: Record<string, string>;
  topic: { value: string; webUrl: string | null };
  preview: string;
  at: number;
}

interface DeclaredType {
  type: string;
  templateText: string;
}

function declaredTypes(): DeclaredType[] {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../manifest/manifest.template.json'), 'utf8')) as { activities?: { activityTypes?: DeclaredType[] } };
  return manifest.activities?.activityTypes ?? [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ActivityFeedService {
  readonly delivered: DeliveredNotice[] = [];
  /** 429s answered because the app went over its rate, not injected. */
  refusals = 0;
  private readonly types = declaredTypes();
  private readonly recent: number[] = [];

  constructor(
    readonly tenant: TeamsTenant,
    private readonly options: { perSecond?: number; now?: () => number } = {},
  ) {}

  handles(segments: readonly string[]): boolean {
    return segments[0] === 'users' && segments[2] === 'teamwork' && segments[3] === 'sendActivityNotification';
  }

  handle(request: { method: string; segments: string[]; body: unknown; claims: TokenClaims | null }): { status: number; body?: unknown; headers?: Record<string, string> } {
    if (request.method !== 'POST') throw new ServiceError(405, 'MethodNotAllowed', 'sendActivityNotification is a POST.');
    const now = (this.options.now ?? Date.now)();
    const perSecond = this.options.perSecond ?? 5;
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
    if (this.recent.length >= perSecond) {
      this.refusals += 1;
      const wait = Math.max(1, Math.ceil((this.recent[0]! + 1000 - now) / 1000));
      throw new ServiceError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(wait) });
    }
    this.recent.push(now);

    const userId = decodeURIComponent(request.segments[1] ?? '');
    const person = this.tenant.people.get(userId);
    if (!person) throw new ServiceError(404, 'NotFound', `User '${userId}' was not found.`);
    const appRoles = request.claims?.kind === 'app' ? request.claims.roles : [];
    const broad = appRoles.includes('TeamsActivity.Send');
    // The RSC permission is granted with the app's installation for the person, and only then.
    if (person.installationId === null) {
      throw new ServiceError(403, 'Forbidden', broad ? 'The app is not installed for the recipient.' : 'Insufficient privileges: TeamsActivity.Send.User is granted by the app\'s installation for the user, and the app is not installed.');
    }

    const body = isRecord(request.body) ? request.body : {};
    const type = this.types.find((t) => t.type === body.activityType);
    if (!type) throw new ServiceError(400, 'BadRequest', `activityType '${String(body.activityType)}' is not declared in the app manifest.`);
    const given = new Map<string, string>();
    for (const p of Array.isArray(body.templateParameters) ? body.templateParameters : []) {
      if (isRecord(p) && typeof p.name === 'string' && typeof p.value === 'string') given.set(p.name, p.value);
    }
    const named = [...type.templateText.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => n !== 'actor');
    const missing = named.filter((n) => !given.has(n));
    if (missing.length > 0) throw new ServiceError(400, 'BadRequest', `templateParameters is missing ${missing.join(', ')}.`);
    const topic = isRecord(body.topic) ? body.topic : {};
    if (topic.source !== 'text' && topic.source !== 'entityUrl') throw new ServiceError(400, 'BadRequest', 'topic.source must be text or entityUrl.');
    if (topic.source === 'text' && typeof topic.webUrl !== 'string') throw new ServiceError(400, 'BadRequest', 'A text topic needs a webUrl.');
    const preview = isRecord(body.previewText) && typeof body.previewText.content === 'string' ? body.previewText.content : '';
    this.delivered.push({
      userId,
      activityType: type.type,
      parameters: Object.fromEntries(given),
      topic: { value: typeof topic.value === 'string' ? topic.value : '', webUrl: typeof topic.webUrl === 'string' ? topic.webUrl : null },
      preview,
      at: now,
    });
    return { status: 204 };
  }
}
