import Table from 'cli-table3';
import { whoIsDue } from '../../../bot/reminders/who-is-due.js';
import { isDateOnly } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import { groupByLead } from '../../plan/reminder-policy.js';
import type { LeadMappingStore } from '../../store/lead-mapping-store.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import type { ReminderLog } from '../../store/reminder-log.js';
import type { UpdateLog } from '../../store/update-log.js';
import { dateIn } from '../../config/today.js';
import { resolvePlan } from '../resolve-plan.js';

export interface DueOptions {
  plan?: string;
  on?: string;
  json?: boolean;
}

/** Which leads the reminder sweep would remind on a day, and why; sends nothing. */
export async function dueCommand(store: PlansAndActions & ReminderLog & LeadMappingStore & UpdateLog, options: DueOptions, now: Date): Promise<string> {
  if (options.on !== undefined && !isDateOnly(options.on)) {
    throw new PlanError('invalid_input', `--on must be a date as YYYY-MM-DD, not "${options.on}"`);
  }
  const plan = await resolvePlan(store, options.plan);
  const today = options.on ?? dateIn(plan.timeZone, now);
  // The sweep's own decision (bot/reminders/who-is-due.ts): the policy, the leads' snoozes, and who each lead is.
  const decision = await whoIsDue(store, plan, today);
  const owner = decision.ownerRequests;
  const ownerCard = owner && {
    owner: owner.owner,
    person: owner.recipient.kind === 'user' ? owner.recipient.displayName : null,
    unreachable: owner.recipient.kind === 'unreachable' ? owner.recipient.reason : null,
    requests: owner.requests.map((r) => ({ ref: r.action.ref, kind: r.request.kind === 'completion-proposed' ? 'completion' : 'timescale', by: r.request.author, on: dateIn(plan.timeZone, new Date(r.request.recordedAt)) })),
  };
  const person = new Map<string, string>([
    ...decision.leads.map((l): [string, string] => [l.lead.name, l.displayName]),
    ...decision.unreachable.map((u): [string, string] => [u.lead, `nobody: ${u.why}`]),
  ]);
  if (options.json) {
    return JSON.stringify(
      {
        planId: plan.id,
        on: today,
        reminders: decision.open.map((d) => ({ lead: d.lead.name, leadKind: d.lead.kind, person: person.get(d.lead.name) ?? null, ref: d.action.ref, reason: d.reason, why: d.why, key: d.key })),
        snoozed: decision.snoozed,
        skipped: decision.notDue.map((s) => ({ ref: s.action.ref, why: s.why })),
        ownerRequests: ownerCard,
      },
      null,
      2,
    );
  }
  const byLead = groupByLead(decision.open);
  const lines = [`${plan.title} (${plan.id}) on ${today}: ${byLead.size} lead${byLead.size === 1 ? '' : 's'} to remind about ${new Set(decision.open.map((d) => d.action.id)).size} actions`];
  if (byLead.size > 0) {
    const table = new Table({ head: ['Lead', 'Ref', 'Reason', 'Why'], style: { head: [], border: [] }, wordWrap: true, colWidths: [28, 8, 11, 50] });
    for (const items of byLead.values()) {
      const first = items[0]!;
      const lead = `${first.lead.name}${first.lead.kind === 'group' ? ' (group)' : ''}\n→ ${person.get(first.lead.name) ?? ''}`;
      items.forEach((item, i) => table.push([i === 0 ? lead : '', item.action.ref, item.reason, item.why]));
    }
    lines.push(table.toString());
  }
  if (decision.snoozed.length > 0) {
    lines.push('Held back by the lead ("Remind me in a week"):');
    for (const s of decision.snoozed) lines.push(`  ${s.ref} ${s.lead}: ${s.why}`);
  }
  if (ownerCard) {
    const n = ownerCard.requests.length;
    const to = ownerCard.person ? `their requests card goes to ${ownerCard.person}, once a day` : `nobody can be sent their requests card: ${ownerCard.unreachable ?? ''}`;
    lines.push(`For the plan owner${ownerCard.owner ? ` ${ownerCard.owner}` : ''}: ${n} request${n === 1 ? '' : 's'} from leads ${n === 1 ? 'waits' : 'wait'} for an answer; ${to}`);
    for (const r of ownerCard.requests) lines.push(`  ${r.ref} ${r.kind === 'completion' ? 'completion proposed' : 'new timescale asked for'}${r.by ? ` by ${r.by}` : ''} on ${r.on}`);
  }
  const skipReasons = new Map<string, number>();
  for (const s of decision.notDue) skipReasons.set(s.why, (skipReasons.get(s.why) ?? 0) + 1);
  if (skipReasons.size > 0) {
    lines.push('No reminder for:');
    for (const [why, count] of skipReasons) lines.push(`  ${count} action${count === 1 ? '' : 's'}: ${why}`);
  }
  return lines.join('\n');
}
