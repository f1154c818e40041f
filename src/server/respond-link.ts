import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/*
 * The link in a reminder email (issue 18, item 3): a lead with no account in the tenant answers
 * their reminders on a page reached from it, signed in by nothing but the link. So the link is a
 * credential, and is built as one:
 *
 * - signed with HMAC-SHA256 under a secret only the servers hold (PLAN_RESPOND_SECRET), compared in
 *   constant time, so nobody can make one or change what one names;
 * - naming the plan, the lead and the reminders it answers, and nothing a reader of the URL could
 *   learn the plan from: the lead and the reminders as digests (the reminder keys hold action ids
 *   and the lead's name), the plan by its id;
 * - expiring (14 days: two weekly sweeps, so a lead on leave one week can still answer) and used
 *   once: single use is kept by the reminder log, which every server shares (respond-routes.ts),
 *   not by the link, which cannot know it was used;
 * - carrying a random nonce, so two links for the same reminders (a retried send) differ, and the
 *   updates a link records have keys of their own.
 */

export const RESPOND_LINK_DAYS = 14;
/** Far longer than any link we make (about 60 characters a reminder): a longer one is refused before any hashing. */
const MAX_TOKEN_LENGTH = 8192;
/** The secret's least length: 32 characters of a random string are well over HMAC-SHA256's 256 bits of key strength. */
export const MIN_SECRET_LENGTH = 32;
const CONTEXT = 'plan-respond-link.v1.';

/** A reminder key, lead key or similar as the link names it: 96 bits of its SHA-256, enough to tell one from another in a plan. */
export function linkDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 16);
}

export interface RespondLinkClaims {
  planId: string;
  /** linkDigest of the lead's key (normaliseLeadName). */
  lead: string;
  /** linkDigest of each reminder key the link answers. */
  reminders: string[];
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  nonce: string;
}

const claimsSchema = z
  .object({
    v: z.literal(1),
    p: z.string().min(1).max(200),
    l: z.string().length(16),
    k: z.array(z.string().length(16)).min(1).max(200),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().nonnegative(),
    n: z.string().min(16).max(64),
  })
  .strict();

export type LinkCheck = { kind: 'signed'; claims: RespondLinkClaims } | { kind: 'forged'; why: 'malformed' | 'signature' };

export class RespondLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    /** Where the server is reached from outside (PLAN_PUBLIC_URL): the link's origin. */
    private readonly publicUrl: string,
  ) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the link secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.key = createHash('sha256').update(secret).digest();
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(CONTEXT).update(payload).digest();
  }

  /** A new link for the lead's reminders, valid for RESPOND_LINK_DAYS from `now`. */
  issue(input: { planId: string; leadKey: string; reminderKeys: readonly string[]; now: Date }): { token: string; url: string; expiresAt: Date } {
    const issuedAt = Math.floor(input.now.getTime() / 1000);
    const expiresAt = issuedAt + RESPOND_LINK_DAYS * 24 * 60 * 60;
    const claims = { v: 1, p: input.planId, l: linkDigest(input.leadKey), k: input.reminderKeys.map(linkDigest), iat: issuedAt, exp: expiresAt, n: randomBytes(16).toString('base64url') };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const token = `${payload}.${this.sign(payload).toString('base64url')}`;
    return { token, url: `${this.publicUrl.replace(/\/+$/, '')}/respond/${token}`, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Whether the token is one of ours, unchanged; what it names, if so. Expiry is the caller's to judge, by its clock. */
  check(token: string): LinkCheck {
    if (token.length > MAX_TOKEN_LENGTH) return { kind: 'forged', why: 'malformed' };
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { kind: 'forged', why: 'malformed' };
    const [, payload, signature] = match as unknown as [string, string, string];
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    // Both are 32 bytes here (43 base64url characters), as timingSafeEqual needs.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'forged', why: 'signature' };
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { kind: 'forged', why: 'malformed' };
    }
    const parsed = claimsSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'forged', why: 'malformed' };
    const c = parsed.data;
    return { kind: 'signed', claims: { planId: c.p, lead: c.l, reminders: c.k, issuedAt: c.iat, expiresAt: c.exp, nonce: c.n } };
  }
}
