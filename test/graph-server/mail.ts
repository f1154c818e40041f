import type { TokenClaims } from './permissions.js';
import { ServiceError } from './service-error.js';

/**
 * Exchange Online's mail sending as Graph serves it, for the reminders sent to leads outside the
 * tenant. Each behaviour follows a Microsoft page:
 *
 * - POST /users/{id | userPrincipalName}/sendMail ("user: sendMail",
 *   learn.microsoft.com/graph/api/user-sendmail): the body is { message, saveToSentItems }; "If
 *   successful, this method returns 202 Accepted response code. It doesn't return anything in the
 *   response body." Permission (same page): application Mail.Send, least and only privileged; no
 *   other permission sends, so without it 403 ErrorAccessDenied.
 * - A message Graph cannot take (no recipient, a recipient that is not an address, a body of an
 *   unknown contentType, a body that is not a message) is 400 ErrorInvalidRecipients or
 *   ErrorInvalidRequest / BadRequest, as the same page's errors and Exchange's answers name them.
 * - An application access policy (New-ApplicationAccessPolicy -AccessRight RestrictAccess,
 *   learn.microsoft.com/powershell/module/exchange/new-applicationaccesspolicy; "Limiting
 *   application permissions to specific Exchange Online mailboxes",
 *   learn.microsoft.com/exchange/permissions-exo/application-access-policies) or its successor, RBAC
 *   for Applications (learn.microsoft.com/exchange/permissions-exo/application-rbac), keeps the app
 *   to the mailboxes in its scope: any other answers 403 ErrorAccessDenied "Access to OData is
 *   disabled." (graph/auth-limit-mailbox-access). `allowedMailboxes` is that scope; null is no
 *   policy (the app may send as anyone, which is what the policy exists to prevent).
 * - Sending limits ("Exchange Online limits", learn.microsoft.com/office365/servicedescriptions/
 *   exchange-online-service-description/exchange-online-limits#sending-limits-1): 30 messages a
 *   minute per mailbox; over it Graph answers 429 with Retry-After (graph/throttling-limits,
 *   "Outlook service limits").
 *
 * Every message accepted is kept in `sent` for a test's assertions.
 */

export interface SentMail {
  /** The mailbox it was sent from, as the path named it (lower case). */
  from: string;
  to: { address: string; name: string | null }[];
  subject: string;
  contentType: 'text' | 'html';
  content: string;
  saveToSentItems: boolean;
  at: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export class MailService {
  readonly sent: SentMail[] = [];
  /** 429s answered because a mailbox went over its rate, not injected. */
  refusals = 0;
  /** The mailboxes the application access policy lets the app send as; null: no policy. */
  allowedMailboxes: Set<string> | null;
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly options: {
      /** Mailboxes that exist (a shared mailbox is one); others answer 404. Lower case. */
      mailboxes: readonly string[];
      allowedMailboxes?: readonly string[] | null;
      perMinute?: number;
      now?: () => number;
    },
  ) {
    this.allowedMailboxes = options.allowedMailboxes === undefined || options.allowedMailboxes === null ? null : new Set(options.allowedMailboxes.map((m) => m.toLowerCase()));
  }

  handles(segments: readonly string[]): boolean {
    return segments[0] === 'users' && segments.length === 3 && segments[2] === 'sendMail';
  }

  handle(request: { method: string; segments: string[]; body: unknown; claims: TokenClaims | null }): { status: number; body?: unknown; headers?: Record<string, string> } {
    if (request.method !== 'POST') throw new ServiceError(405, 'ErrorInvalidRequest', 'sendMail is a POST.');
    // The test's own authorize() stands in for the permission model when claims are null.
    if (request.claims !== null) {
      const permissions = request.claims.kind === 'app' ? request.claims.roles : request.claims.scopes;
      if (!permissions.includes('Mail.Send')) throw new ServiceError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const mailbox = decodeURIComponent(request.segments[1] ?? '').toLowerCase();
    if (!this.options.mailboxes.includes(mailbox)) throw new ServiceError(404, 'ErrorInvalidUser', `The requested user '${mailbox}' is invalid.`);
    if (this.allowedMailboxes !== null && !this.allowedMailboxes.has(mailbox)) {
      throw new ServiceError(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
    }

    const now = (this.options.now ?? Date.now)();
    const perMinute = this.options.perMinute ?? 30;
    const times = (this.recent.get(mailbox) ?? []).filter((t) => t > now - 60_000);
    if (times.length >= perMinute) {
      this.refusals += 1;
      this.recent.set(mailbox, times);
      const wait = Math.max(1, Math.ceil((times[0]! + 60_000 - now) / 1000));
      throw new ServiceError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(wait) });
    }

    const body = isRecord(request.body) ? request.body : null;
    const message = body && isRecord(body.message) ? body.message : null;
    if (!message) throw new ServiceError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
    const recipients = Array.isArray(message.toRecipients) ? message.toRecipients : [];
    if (recipients.length === 0) throw new ServiceError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., A message can\'t be sent because it contains no recipients.');
    const to = recipients.map((r) => {
      const email = isRecord(r) && isRecord(r.emailAddress) ? r.emailAddress : null;
      const address = email && typeof email.address === 'string' ? email.address : '';
      if (!ADDRESS.test(address)) throw new ServiceError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is not resolved.');
      return { address, name: email && typeof email.name === 'string' ? email.name : null };
    });
    const messageBody = isRecord(message.body) ? message.body : null;
    const contentType = typeof messageBody?.contentType === 'string' ? messageBody.contentType.toLowerCase() : '';
    if (contentType !== 'text' && contentType !== 'html') throw new ServiceError(400, 'BadRequest', `Requested value '${String(messageBody?.contentType)}' was not found.`);
    if (typeof message.subject !== 'string' || typeof messageBody?.content !== 'string') throw new ServiceError(400, 'ErrorInvalidRequest', 'The message needs a subject and a body.');
    if (body && body.saveToSentItems !== undefined && typeof body.saveToSentItems !== 'boolean') throw new ServiceError(400, 'BadRequest', 'saveToSentItems must be true or false.');

    times.push(now);
    this.recent.set(mailbox, times);
    this.sent.push({ from: mailbox, to, subject: message.subject, contentType, content: messageBody.content, saveToSentItems: body?.saveToSentItems !== false, at: now });
    return { status: 202 };
  }
}
