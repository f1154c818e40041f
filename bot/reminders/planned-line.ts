import type { Clock } from '../../src/config/today.js';
import type { ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import { retryVerdict } from './reminder-claim.js';
import type { PlannedLine } from './sweep-report.js';
import type { LeadDue, PlanDue } from './who-is-due.js';

/** Dry run: what the sweep would do for one lead (how they would be reached, and each reminder's state), claiming nothing. */
export async function plannedLine(job: LeadDue, due: PlanDue, context: { store: ConversationReferenceStore; clock: Clock; canInstall: boolean; staleClaimMs: number }): Promise<PlannedLine> {
  const { store, clock, canInstall, staleClaimMs } = context;
  const stored = job.channel.kind === 'email' ? null : await store.getConversationReference(job.userId);
  const usable = stored !== null && stored.uninstalledAt === undefined;
  const via =
    job.channel.kind === 'email'
      ? `an email to ${job.channel.address} with a one-time link (they have no account in the tenant)`
      : due.plan.leadNotice === 'activity-feed'
        ? "Teams' activity feed (the plan's choice), or their card when the feed cannot reach them"
        : usable
          ? 'their chat with the bot'
          : canInstall
            ? `installing the app for them through Graph (${stored ? 'they uninstalled it' : 'they never opened the bot'})`
            : `a new chat through the Bot Connector, if the app is installed for them (${stored ? 'they uninstalled it' : 'they never opened the bot'})`;
  const byKey = new Map(due.log.map((r) => [r.key, r]));
  return {
    lead: job.lead.name,
    person: job.displayName,
    via,
    items: job.items.map((i) => {
      const existing = byKey.get(i.key);
      const verdict = existing ? retryVerdict(existing, clock(), staleClaimMs, usable ? stored.updatedAt : null) : null;
      const state = !existing ? 'would send' : verdict?.retry ? `would retry (${existing.status}${existing.lastError ? `: ${existing.lastError}` : ''})` : verdict && !verdict.retry ? verdict.why : '';
      return { ref: i.action.ref, reason: i.reason, why: i.why, state };
    }),
  };
}
