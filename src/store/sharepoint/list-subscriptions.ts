import { z } from 'zod';
import type { GraphHttp } from '../../graph/graph-http.js';
import { HttpError } from '../../graph/http-error.js';
import type { PlanSiteIds } from './site-lists.js';

/*
 * Change notifications on the Actions and Updates lists (learn.microsoft.com/graph/api/subscription-post-subscriptions):
 * resource "sites/{site-id}/lists/{list-id}", changeType "updated" (the only one lists support),
 * at most 42,300 minutes, renewed with PATCH before then. Lists need Sites.ReadWrite.All (or
 * Manage/FullControl): an app on Sites.Selected is refused 403, and the server polls instead.
 */

/** A week: renewed daily, so a server down for a few days still finds its subscriptions alive. */
const LIFETIME_MINUTES = 7 * 24 * 60;

const createdSchema = z.object({ id: z.string(), expirationDateTime: z.string() }).loose();

export type SubscriptionOutcome = { kind: 'subscribed'; ids: string[]; expires: string } | { kind: 'refused'; why: string };

function expiry(now: Date): string {
  return new Date(now.getTime() + LIFETIME_MINUTES * 60_000).toISOString();
}

export async function subscribeToPlanLists(http: GraphHttp, ids: PlanSiteIds, options: { notificationUrl: string; clientState: string; now: Date }): Promise<SubscriptionOutcome> {
  const created: string[] = [];
  const expirationDateTime = expiry(options.now);
  for (const key of ['actions', 'updates'] as const) {
    const listId = ids.lists.get(key);
    if (!listId) return { kind: 'refused', why: `the ${key} list was not found` };
    try {
      const reply = await http.send({
        method: 'POST',
        url: '/subscriptions',
        body: { changeType: 'updated', notificationUrl: options.notificationUrl, resource: `sites/${ids.siteId}/lists/${listId}`, expirationDateTime, clientState: options.clientState },
      });
      created.push(createdSchema.parse(reply.body).id);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 403 || error.status === 400)) {
        // Nothing half set up: what was created is removed, and the lists are polled.
        await Promise.all(created.map((id) => http.send({ method: 'DELETE', url: `/subscriptions/${encodeURIComponent(id)}` }).catch(() => undefined)));
        return { kind: 'refused', why: error.status === 403 ? 'Graph refused the subscription (lists need Sites.ReadWrite.All; Sites.Selected cannot subscribe)' : `Graph refused the subscription: ${error.serverMessage}` };
      }
      throw error;
    }
  }
  return { kind: 'subscribed', ids: created, expires: expirationDateTime };
}

/** Moves the subscriptions' expiry on; false when one has gone (expired, deleted) and must be made again. */
export async function renewSubscriptions(http: GraphHttp, subscriptionIds: readonly string[], now: Date): Promise<boolean> {
  try {
    for (const id of subscriptionIds) await http.send({ method: 'PATCH', url: `/subscriptions/${encodeURIComponent(id)}`, body: { expirationDateTime: expiry(now) } });
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return false;
    throw error;
  }
}
