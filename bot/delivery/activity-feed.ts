import type { GraphHttp } from '../../src/graph/graph-http.js';
import { HttpError } from '../../src/graph/http-error.js';
import { retryDelayMs } from '../../src/graph/retry-policy.js';
import { oneLine } from '../cards/plain-text.js';
import type { TokenBucket } from './teams-rate-limiter.js';

/*
 * Teams' activity feed, for telling a lead their update is due without a card in their chat
 * ("Send activity feed notifications to users in Microsoft Teams", learn.microsoft.com/
 * microsoftteams/platform/tabs/send-activity-feed-notification; graph/api/userteamwork-sendactivitynotification):
 *
 *   POST /users/{id}/teamwork/sendActivityNotification
 *   { topic: { source: "text", value, webUrl }, activityType, previewText: { content },
 *     templateParameters: [{ name, value }], teamsAppId }      → 204 No Content
 *
 * The activity type and its template are declared in the manifest's `activities` (the manifest
 * test holds the two to the same words); the app must be installed for the person (the bot's
 * personal install is one), or Graph refuses; the application permission is the RSC permission
 * TeamsActivity.Send.User. Graph takes about 5 of these a second per app per tenant
 * (../shared/PLATFORM-LIMITS.md): the pace keeps the app under it, a retry included.
 */

/** The activity types the app sends, as the manifest declares them; {actor} is the app's name, filled by Teams. */
export const ACTIVITY_TYPES = {
  actionUpdateDue: { templateText: '{actor}: your update on {actions} is due', parameters: ['actions'] },
} as const;

export type ActivityType = keyof typeof ACTIVITY_TYPES;

/**
 * The app's pace for the feed: a fifth under Graph's 5 a second per app per tenant, because requests
 * sent 200 ms apart can arrive closer together than that and be counted in one second.
 */
export const ACTIVITY_FEED_PER_SECOND = 4;

/** Teams shows about this much of the preview line; longer is cut by Graph with a 400. */
const MOST_PREVIEW_CHARACTERS = 150;

export interface ActivityNotice {
  /** The person's Entra object id. */
  userId: string;
  activityType: ActivityType;
  /** The template's parameters, by name. */
  parameters: Record<(typeof ACTIVITY_TYPES)[ActivityType]['parameters'][number], string>;
  /** Where the notification says it comes from (the plan), and the Teams link it opens. */
  topic: { text: string; webUrl: string };
  preview: string;
}

/**
 * What became of a notification: sent; not installed (the app is not installed for the person,
 * so Teams will not show them anything from it: Graph's 403/404); refused (the app's own
 * permission or registration was refused: no notification will work); failed (anything else,
 * after the pipeline's retries).
 */
export type NoticeResult = { kind: 'sent' } | { kind: 'not-installed' | 'refused' | 'failed'; status: number; code: string };

export interface ActivityFeed {
  notify(notice: ActivityNotice, signal?: AbortSignal): Promise<NoticeResult>;
}

/** Statuses worth another attempt ("Microsoft Graph throttling guidance", and 5xx a moment later). */
const RETRIED = new Set([429, 502, 503, 504]);

/**
 * The feed through a Graph pipeline of its own that makes one attempt a call (createGraphHttp with
 * retry maxAttempts 1): the retries are made here, each after Retry-After (or a backoff) and each
 * taking a token from the pace, so a notice sent again is counted against the limit like any other.
 * teamsAppId is the app's catalogue id, which tells Graph which app sends when one registration
 * backs several.
 */
export function graphActivityFeed(http: GraphHttp, options: { teamsAppId: string | null; pace: TokenBucket; maxAttempts?: number }): ActivityFeed {
  const maxAttempts = options.maxAttempts ?? 5;
  return {
    async notify(notice, signal) {
      const body = {
        topic: { source: 'text', value: oneLine(notice.topic.text, MOST_PREVIEW_CHARACTERS), webUrl: notice.topic.webUrl },
        activityType: notice.activityType,
        previewText: { content: oneLine(notice.preview, MOST_PREVIEW_CHARACTERS) },
        templateParameters: ACTIVITY_TYPES[notice.activityType].parameters.map((name) => ({ name, value: notice.parameters[name] })),
        ...(options.teamsAppId !== null && { teamsAppId: options.teamsAppId }),
      };
      for (let attempt = 1; ; attempt += 1) {
        await options.pace.acquire(signal);
        try {
          await http.send({ method: 'POST', url: `/users/${encodeURIComponent(notice.userId)}/teamwork/sendActivityNotification`, body, resourceUnits: 0, ...(signal && { signal }) });
          return { kind: 'sent' };
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          if (RETRIED.has(error.status) && attempt < maxAttempts) {
            await http.clock.sleep(retryDelayMs(attempt, error.retryAfterSeconds, http.retry), signal);
            continue;
          }
          if (error.status === 401) return { kind: 'refused', status: error.status, code: error.code };
          // "The Teams app must be installed for the recipient": 403 (Forbidden) or 404 (user or installation not found).
          if (error.status === 403 || error.status === 404) return { kind: 'not-installed', status: error.status, code: error.code };
          return { kind: 'failed', status: error.status, code: error.code };
        }
      }
    },
  };
}

/**
 * The Teams link a notification opens: the app's personal "Plans" tab at the action
 * ("Deep link to an application", learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/
 * deep-link-application: /l/entity/{appId}/{entityId}?webUrl=…&label=…&context={"subEntityId":…});
 * the tab reads subEntityId (teams-js context page.subPageId) to open the action.
 */
export function actionDeepLink(options: { teamsAppId: string; publicUrl: string; planId: string; ref: string }): string {
  const webUrl = `${options.publicUrl.replace(/\/+$/, '')}/tab/plans/${encodeURIComponent(options.planId)}/actions/${encodeURIComponent(options.ref)}`;
  const context = JSON.stringify({ subEntityId: `${options.planId}/${options.ref}` });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(options.teamsAppId)}/plans?${new URLSearchParams({ webUrl, label: 'Plans', context })}`;
}
