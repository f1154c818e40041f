import { randomUUID } from 'node:crypto';
import { requireListSubscriptionPermission, type SiteGrant, type TokenClaims } from './permissions.js';
import { ServiceError } from './service-error.js';
import type { ItemChange, ListModel, SharePointSite } from './sharepoint-site.js';

/**
 * Change notifications on SharePoint lists through Graph subscriptions, as Learn describes them:
 *
 * - POST /subscriptions with resource "sites/{site-id}/lists/{list-id}" (api/subscription-post-subscriptions,
 *   "Resources examples"), changeType, notificationUrl, expirationDateTime, and optionally clientState
 *   (at most 128 characters) and lifecycleNotificationUrl (api/resources/subscription): 201 Created
 *   with the subscription.
 * - "Drive root item and list change notifications support only the updated changeType"
 *   (resources/subscription, changeType); another type is refused ("Invalid 'changeType' attribute:
 *   'created'.", as clients report it, microsoftgraph/msgraph-sdk-dotnet#725).
 * - A list subscription lasts at most 42,300 minutes, under 30 days (resources/subscription,
 *   "Maximum length of subscription per resource type"); asking for longer, at creation or renewal,
 *   is refused with 400 "Subscription expiration can only be 42300 minutes in the future." (the
 *   wording clients log for other resources, with their own maximum). Past its expiration a
 *   subscription is gone: no notifications, not listed, 404 to renew.
 * - Permissions: Sites.ReadWrite.All, delegated or application, for a list (permissions.ts,
 *   requireListSubscriptionPermission); refused with 403 ExtensionError.
 * - The validation handshake ("Receive change notifications through webhooks", notificationUrl
 *   validation): Graph POSTs to notificationUrl?validationToken={token} (Content-Type text/plain)
 *   and the endpoint must answer within 10 seconds with 200 OK, Content-Type text/plain and the URL-
 *   decoded token as the body; "If validation fails, the request to create the subscription returns a
 *   400 Bad Request error" (subscription-post-subscriptions). The lifecycleNotificationUrl is
 *   validated as well ("you must validate both endpoints", change-notifications-lifecycle-events).
 *   Messages as clients log them: "Subscription validation request failed. Notification endpoint must
 *   respond with 200 OK to validation request.", "... Response must exactly match validationToken
 *   query parameter.", and 400 ValidationError "Subscription validation request timed out.".
 * - Each change to an item of the list POSTs a changeNotificationCollection to the notificationUrl:
 *   { value: [{ subscriptionId, clientState, changeType, resource, subscriptionExpirationDateTime,
 *   tenantId }] }, without the item: list notifications carry no resource data (resources/webhooks,
 *   "Resource data can be included in notifications": No); the receiver reads delta. Several may come
 *   in one POST. The app's own writes are notified too. Delivery never holds up the write; an endpoint
 *   that does not answer 2xx within 3 seconds is tried again later, for up to 4 hours
 *   (change-notifications-delivery-webhooks, "Processing the change notification", "Throttling").
 * - PATCH /subscriptions/{id} renews (expirationDateTime) or moves (notificationUrl, validated
 *   again): 200 with the subscription (api/subscription-update). DELETE: 204. GET /subscriptions lists
 *   the calling app's subscriptions (for a delegated token, those for the signed-in user), with
 *   clientState null "for security purposes" (api/subscription-list). POST /subscriptions/{id}/reauthorize:
 *   204 (api/subscription-reauthorize).
 * - Lifecycle notifications: for lists only reauthorizationRequired ("reauthorizationRequired
 *   notifications - All resources"; subscriptionRemoved and missed are for Outlook and Teams only,
 *   change-notifications-lifecycle-events), sent by a test with sendLifecycleNotification.
 * - The notificationUrl "must make use of the HTTPS protocol" (resources/subscription); the stand-in
 *   also accepts http on loopback, where tests listen.
 */

/** resources/subscription, "Maximum length of subscription per resource type": SharePoint list. */
export const LIST_SUBSCRIPTION_MAX_MINUTES = 42_300;

export interface ListSubscription {
  id: string;
  /** As given, without a leading slash: sites/{site-id}/lists/{list-id}. */
  resource: string;
  listId: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  /** The signed-in person for a delegated token, else the app. */
  creatorId: string;
  latestSupportedTlsVersion: string;
}

/** One POST of notifications to an endpoint, as the stand-in sent it (for tests). */
export interface NotificationDelivery {
  kind: 'change' | 'lifecycle';
  url: string;
  body: { value: Record<string, unknown>[] };
  attempt: number;
  /** The endpoint's status, or null when it did not answer in time or could not be reached. */
  status: number | null;
  at: string;
}

export type LifecycleEvent = 'reauthorizationRequired';

interface ListSubscriptionsOptions {
  site: SharePointSite;
  grants: readonly SiteGrant[];
  /** The Graph origin, for @odata.context. */
  origin: string;
  tenantId: string;
  /** The app a test's own authorize verdict (claims null) stands for. */
  defaultAppId: string;
}

interface SubscriptionRequest {
  method: string;
  /** Segments after /v1.0: ["subscriptions"] or ["subscriptions", "{id}"(, "reauthorize")]. */
  segments: readonly string[];
  body: unknown;
  claims: TokenClaims | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const VALIDATION_FAILED = 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.';
const VALIDATION_MISMATCH = 'Subscription validation request failed. Response must exactly match validationToken query parameter.';

export class ListSubscriptions {
  readonly subscriptions = new Map<string, ListSubscription>();
  /** Every POST of notifications made, in order, with what the endpoint answered. */
  readonly deliveries: NotificationDelivery[] = [];
  /** How long the endpoint has to answer the validation request (Learn: 10 seconds). */
  validationTimeoutMs = 10_000;
  /** How long an endpoint has to acknowledge a notification before it is tried again (Learn: 3 seconds). */
  deliveryTimeoutMs = 3_000;
  /** Waits before each further try of an unacknowledged notification: every 10 minutes for 4 hours. */
  retryDelaysMs: number[] = Array.from({ length: 24 }, () => 10 * 60_000);
  /** The clock expirations are judged by. */
  now: () => number = Date.now;

  private readonly queue = new Map<string, Record<string, unknown>[]>();
  private flushing: NodeJS.Immediate | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: ListSubscriptionsOptions) {
    this.unsubscribe = options.site.onItemChange((change) => this.itemChanged(change));
  }

  /** The subscriptions still in force (an expired one is removed, as Graph deletes it). */
  active(): ListSubscription[] {
    const now = this.now();
    for (const [id, sub] of this.subscriptions) if (Date.parse(sub.expirationDateTime) <= now) this.subscriptions.delete(id);
    return [...this.subscriptions.values()];
  }

  async handle(request: SubscriptionRequest): Promise<{ status: number; body?: unknown }> {
    const { method, segments } = request;
    if (segments.length === 1 && method === 'POST') return { status: 201, body: this.json(await this.create(request), true) };
    if (segments.length === 1 && method === 'GET') {
      const mine = this.active().filter((s) => this.owns(request.claims, s));
      return { status: 200, body: { '@odata.context': `${this.options.origin}/v1.0/$metadata#subscriptions`, value: mine.map((s) => this.json(s, false)) } };
    }
    const sub = this.active().find((s) => s.id === segments[1] && this.owns(request.claims, s));
    if (!sub) throw new ServiceError(404, 'ResourceNotFound', `The object was not found.`);
    if (segments.length === 3 && segments[2] === 'reauthorize' && method === 'POST') {
      requireListSubscriptionPermission(request.claims, this.options.grants, 'Update');
      return { status: 204 };
    }
    if (segments.length !== 2) throw new ServiceError(400, 'BadRequest', `Unsupported segment '${segments[2] ?? ''}'.`);
    if (method === 'GET') return { status: 200, body: this.json(sub, false) };
    if (method === 'DELETE') {
      this.subscriptions.delete(sub.id);
      return { status: 204 };
    }
    if (method === 'PATCH') return { status: 200, body: this.json(await this.update(sub, request), false) };
    throw new ServiceError(405, 'MethodNotAllowed', `${method} on subscriptions is not supported by the local Graph server.`);
  }

  /** Test hook: the subscription's expiration passes now (Graph then deletes it). */
  expire(id: string): void {
    const sub = this.subscriptions.get(id);
    if (sub) sub.expirationDateTime = new Date(this.now() - 1).toISOString();
  }

  /** Test hook: Graph asks the app to reauthorize the subscription, on its lifecycleNotificationUrl. */
  sendLifecycleNotification(id: string, event: LifecycleEvent = 'reauthorizationRequired'): void {
    const sub = this.subscriptions.get(id);
    if (!sub?.lifecycleNotificationUrl) throw new Error(`Subscription ${id} has no lifecycleNotificationUrl.`);
    const notification = {
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      tenantId: this.options.tenantId,
      clientState: sub.clientState,
      lifecycleEvent: event,
    };
    this.deliver('lifecycle', sub.lifecycleNotificationUrl, { value: [notification] }, 1);
  }

  /** Resolves once every notification queued so far has been delivered or has failed (retries pending aside). */
  async settled(): Promise<void> {
    while (this.flushing !== null || this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    this.unsubscribe();
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private owns(claims: TokenClaims | null, sub: ListSubscription): boolean {
    if (claims === null) return sub.applicationId === this.options.defaultAppId;
    return sub.applicationId === claims.appId && (claims.kind === 'app' || sub.creatorId === claims.userId);
  }

  private json(sub: ListSubscription, withClientState: boolean): Record<string, unknown> {
    return {
      '@odata.context': `${this.options.origin}/v1.0/$metadata#subscriptions/$entity`,
      id: sub.id,
      resource: sub.resource,
      applicationId: sub.applicationId,
      changeType: sub.changeType,
      clientState: withClientState ? sub.clientState : null,
      notificationUrl: sub.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
      expirationDateTime: sub.expirationDateTime,
      creatorId: sub.creatorId,
      includeResourceData: null,
      latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  private listOf(resource: string): ListModel {
    const m = /^\/?sites\/([^/]+)\/lists\/([^/?]+)\/?$/.exec(resource);
    if (!m) throw new ServiceError(400, 'InvalidRequest', `The local Graph server supports subscriptions on SharePoint lists only (sites/{site-id}/lists/{list-id}), not '${resource}'.`);
    if (decodeURIComponent(m[1] ?? '') !== this.options.site.id) throw new ServiceError(404, 'ResourceNotFound', 'Requested site could not be found');
    return this.options.site.findList(m[2] ?? '');
  }

  private expiration(value: unknown): string {
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) throw new ServiceError(400, 'InvalidRequest', 'expirationDateTime must be a date and time (ISO 8601, UTC).');
    const now = this.now();
    if (at <= now) throw new ServiceError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    if (at > now + LIST_SUBSCRIPTION_MAX_MINUTES * 60_000) {
      throw new ServiceError(400, 'ExtensionError', `Subscription expiration can only be ${LIST_SUBSCRIPTION_MAX_MINUTES} minutes in the future.`);
    }
    return new Date(at).toISOString();
  }

  private endpoint(value: unknown, name: string): string {
    let url: URL;
    try {
      url = new URL(typeof value === 'string' ? value : '');
    } catch {
      throw new ServiceError(400, 'InvalidRequest', `${name} must be an absolute URL.`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new ServiceError(400, 'InvalidRequest', `${name} must use the HTTPS protocol.`);
    }
    return url.toString();
  }

  private async create(request: SubscriptionRequest): Promise<ListSubscription> {
    const body = isRecord(request.body) ? request.body : {};
    for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
      if (typeof body[name] !== 'string' || body[name] === '') throw new ServiceError(400, 'InvalidRequest', `${name} is required.`);
    }
    const resource = String(body.resource).replace(/^\//, '');
    const list = this.listOf(resource);
    requireListSubscriptionPermission(request.claims, this.options.grants, 'Create');
    const changeType = String(body.changeType);
    for (const type of changeType.split(',').map((t) => t.trim())) {
      if (type !== 'updated') throw new ServiceError(400, 'InvalidRequest', `Invalid 'changeType' attribute: '${type}'.`);
    }
    const expirationDateTime = this.expiration(body.expirationDateTime);
    const clientState = typeof body.clientState === 'string' ? body.clientState : null;
    if (clientState !== null && clientState.length > 128) throw new ServiceError(400, 'InvalidRequest', 'clientState can be at most 128 characters.');
    const notificationUrl = this.endpoint(body.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl = body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null ? null : this.endpoint(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    await this.validate(notificationUrl);
    if (lifecycleNotificationUrl !== null) await this.validate(lifecycleNotificationUrl);
    const claims = request.claims;
    const sub: ListSubscription = {
      id: randomUUID(),
      resource,
      listId: list.id,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expirationDateTime,
      applicationId: claims?.appId ?? this.options.defaultAppId,
      creatorId: claims?.kind === 'delegated' ? claims.userId : (claims?.appId ?? this.options.defaultAppId),
      latestSupportedTlsVersion: typeof body.latestSupportedTlsVersion === 'string' ? body.latestSupportedTlsVersion : 'v1_2',
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  private async update(sub: ListSubscription, request: SubscriptionRequest): Promise<ListSubscription> {
    requireListSubscriptionPermission(request.claims, this.options.grants, 'Update');
    const body = isRecord(request.body) ? request.body : {};
    if (body.expirationDateTime === undefined && body.notificationUrl === undefined) {
      throw new ServiceError(400, 'InvalidRequest', 'A subscription update needs expirationDateTime or notificationUrl.');
    }
    const expirationDateTime = body.expirationDateTime === undefined ? sub.expirationDateTime : this.expiration(body.expirationDateTime);
    const notificationUrl = body.notificationUrl === undefined ? sub.notificationUrl : this.endpoint(body.notificationUrl, 'notificationUrl');
    if (notificationUrl !== sub.notificationUrl) await this.validate(notificationUrl);
    sub.expirationDateTime = expirationDateTime;
    sub.notificationUrl = notificationUrl;
    return sub;
  }

  /** The validation handshake: the endpoint echoes the token as text/plain with 200 within the timeout. */
  private async validate(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    let status: number;
    let type: string;
    let text: string;
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(this.validationTimeoutMs),
      });
      status = response.status;
      type = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new ServiceError(400, 'ValidationError', 'Subscription validation request timed out.');
      }
      throw new ServiceError(400, 'InvalidRequest', VALIDATION_FAILED);
    }
    if (status !== 200) throw new ServiceError(400, 'InvalidRequest', VALIDATION_FAILED);
    if (!type.toLowerCase().startsWith('text/plain') || text !== token) throw new ServiceError(400, 'InvalidRequest', VALIDATION_MISMATCH);
  }

  /** A change to an item: one notification per subscription on its list, sent after the write has answered. */
  private itemChanged(change: ItemChange): void {
    for (const sub of this.active()) {
      if (sub.listId !== change.list.id) continue;
      const pending = this.queue.get(sub.notificationUrl) ?? [];
      pending.push({
        subscriptionId: sub.id,
        clientState: sub.clientState,
        changeType: 'updated',
        resource: sub.resource,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        tenantId: this.options.tenantId,
      });
      this.queue.set(sub.notificationUrl, pending);
    }
    if (this.queue.size > 0 && this.flushing === null) {
      this.flushing = setImmediate(() => {
        this.flushing = null;
        const batches = [...this.queue.entries()];
        this.queue.clear();
        for (const [url, value] of batches) this.deliver('change', url, { value }, 1);
      });
    }
  }

  private deliver(kind: NotificationDelivery['kind'], url: string, body: NotificationDelivery['body'], attempt: number): void {
    const record: NotificationDelivery = { kind, url, body, attempt, status: null, at: new Date(this.now()).toISOString() };
    this.deliveries.push(record);
    const sending = (async () => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.deliveryTimeoutMs),
        });
        record.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch {
        record.status = null;
      }
      const delay = this.retryDelaysMs[attempt - 1];
      if ((record.status === null || record.status < 200 || record.status >= 300) && delay !== undefined) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(kind, url, body, attempt + 1);
        }, delay);
        timer.unref();
        this.timers.add(timer);
      }
    })();
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }
}
