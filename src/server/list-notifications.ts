import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';

/*
 * Where Microsoft Graph posts change notifications for the plan lists (a subscription on
 * sites/{site}/lists/{list}, learn.microsoft.com/graph/change-notifications-delivery-webhooks):
 * - creating or renewing a subscription first POSTs here with ?validationToken=…, which must be
 *   answered within 10 seconds with 200 and the token, URL-decoded, as text/plain;
 * - then each change POSTs { value: [{ subscriptionId, clientState, changeType, resource, ... }] },
 *   to be answered 202 within 3 seconds (slow answers are retried, then dropped). A list's
 *   notifications carry no item data: they only say "look again", so the answer is 202 at once
 *   and the sync runs after, reading the lists' delta.
 * Only notifications carrying the clientState the subscription was created with are acted on; a
 * notification is never trusted for content, so a forged one can at most start a sync early.
 */

const notificationsSchema = z.object({
  value: z
    .array(z.object({ subscriptionId: z.string().max(200), clientState: z.string().max(255).optional() }).loose())
    .max(1000),
});

export interface ListNotificationOptions {
  /** The secret the subscriptions were created with. */
  clientState: string;
  /** Asks for a sync soon; called once per accepted delivery, after the answer is sent. */
  onChange: (subscriptionIds: readonly string[]) => void;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function listNotificationRoutes(options: ListNotificationOptions): Router {
  const router = Router();
  router.post('/', express.text({ type: 'text/plain', limit: '1kb' }), express.json({ limit: '1mb' }), (req, res) => {
    const token = req.query.validationToken;
    if (typeof token === 'string') {
      // Express has decoded the query string already: the token goes back exactly as Graph sent it.
      res.status(200).type('text/plain').send(token);
      return;
    }
    const parsed = notificationsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'invalid_input', message: 'not a change notification collection' } });
      return;
    }
    const ours = parsed.data.value.filter((n) => n.clientState !== undefined && sameSecret(n.clientState, options.clientState));
    res.status(202).end();
    if (ours.length > 0) options.onChange(ours.map((n) => n.subscriptionId));
  });
  return router;
}
