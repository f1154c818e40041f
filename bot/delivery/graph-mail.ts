import type { GraphHttp } from '../../src/graph/graph-http.js';
import { HttpError } from '../../src/graph/http-error.js';
import type { TokenBucket } from './teams-rate-limiter.js';

/*
 * Reminders by email, for leads with no account in the tenant (issue 18, item 3), sent as the
 * partnership's shared mailbox through Graph ("user: sendMail", learn.microsoft.com/graph/api/
 * user-sendmail):
 *
 *   POST /users/{mailbox}/sendMail  { message: { subject, body, toRecipients }, saveToSentItems }  → 202 Accepted
 *
 * The application permission is Mail.Send, which on its own lets the app send as anyone in the
 * organisation: an Exchange Online application access policy (or its successor, RBAC for
 * Applications) holds it to the one mailbox, and any other answers 403 ErrorAccessDenied
 * (docs/permissions.md). Exchange Online takes 30 messages a minute from a mailbox ("Exchange
 * Online limits", sending limits; ../shared/PLATFORM-LIMITS.md): the bucket spaces this process's
 * sends two seconds apart, and a 429 (another instance sending from the same mailbox) waits its
 * Retry-After in the Graph pipeline's own retry.
 */

/** Exchange Online's message rate a mailbox: 30 a minute. */
export const MAILS_PER_MINUTE = 30;
export const MAILS_PER_SECOND = MAILS_PER_MINUTE / 60;

export interface ReminderEmail {
  to: { address: string; name: string };
  subject: string;
  /** Plain text: nothing from the plan can become markup or a link in the lead's mail program. */
  text: string;
}

/**
 * What became of an email: accepted by Exchange (delivery follows, or a bounce comes back to the
 * mailbox); refused (the app's permission or the access policy: no email will go until an
 * administrator acts); failed (anything else, after the pipeline's retries).
 */
export type MailResult = { kind: 'sent' } | { kind: 'refused' | 'failed'; status: number; code: string };

export interface ReminderMailer {
  /** The shared mailbox the emails come from, for the operator's report. */
  readonly mailbox: string;
  send(email: ReminderEmail, signal?: AbortSignal): Promise<MailResult>;
}

export function graphReminderMailer(http: GraphHttp, options: { mailbox: string; pace: TokenBucket }): ReminderMailer {
  return {
    mailbox: options.mailbox,
    async send(email, signal) {
      await options.pace.acquire(signal);
      const body = {
        message: {
          subject: email.subject,
          body: { contentType: 'Text', content: email.text },
          toRecipients: [{ emailAddress: { address: email.to.address, name: email.to.name } }],
        },
        // The link in it is a credential for 14 days: no copy kept in the shared mailbox, which
        // several people of the partnership may open.
        saveToSentItems: false,
      };
      try {
        await http.send({ method: 'POST', url: `/users/${encodeURIComponent(options.mailbox)}/sendMail`, body, resourceUnits: 0, ...(signal && { signal }) });
        return { kind: 'sent' };
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        if (error.status === 401 || error.status === 403) return { kind: 'refused', status: error.status, code: error.code };
        return { kind: 'failed', status: error.status, code: error.code };
      }
    },
  };
}

/** Why an email did not go, in the words the sweep's report and the reminder log keep. */
export function mailFailure(result: Exclude<MailResult, { kind: 'sent' }>, mailbox: string): string {
  if (result.kind === 'refused') {
    return `Graph refused to send as ${mailbox} (${result.status} ${result.code}): the app needs the application permission Mail.Send, and the mailbox must be in its Exchange application access policy (docs/permissions.md#reminders-by-email)`;
  }
  return result.status === 0 ? `no answer from Graph sending as ${mailbox} (${result.code})` : `Graph answered ${result.status} ${result.code} sending as ${mailbox}`;
}
