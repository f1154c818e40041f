import type { SendResult } from '../delivery/proactive-sender.js';

/** A send that did not arrive, in the words the sweep's report and the reminder log keep. */
export function sendFailure(result: Exclude<SendResult, { kind: 'sent' }>): string {
  const tries = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
  return result.status === 0 ? `no answer from the Bot Connector${tries} (${result.code})` : `Bot Connector answered ${result.status} ${result.code}${tries}`;
}
