import { runPooled } from '../../src/concurrency/pool.js';
import { dateIn, type Clock } from '../../src/config/today.js';
import { leadRecipients } from '../../src/leads/lead-recipients.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { PlanError } from '../../src/plan/errors.js';
import { normaliseLeadName, type Lead } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { DEFAULT_REMINDER_POLICY, groupByLead, remindersDue, type ReminderDue, type ReminderPolicyOptions } from '../../src/plan/reminder-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { Reminder } from '../../src/store/reminder-log.js';
import { digestCard } from '../cards/digest-card.js';
import { reminderCard, reminderCardGroups } from '../cards/reminder-card.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import { cardMessage } from '../delivery/connector-client.js';
import { escalationKey, escalations, ownerRecipient, type Escalation } from './escalation.js';
import type { Address, LeadReach, Reach } from '../delivery/lead-reach.js';
import type { ProactiveSender, SendResult } from '../delivery/proactive-sender.js';
import { claimOrRetake, DEFAULT_STALE_CLAIM_MS, retryVerdict } from './reminder-claim.js';
import { snoozeEnds, wasSnoozed } from './reminder-snooze.js';
import { sweepTotals, type PlanSweepReport, type PlannedLine, type SweepReport } from './sweep-report.js';

/*
 * The reminder sweep (issue 5, items 2, 5 and 7). For each plan, on its own day (today in the
 * plan's time zone, or the day given):
 *
 * 1. the pure policy (src/plan/reminder-policy.ts) decides which (action, lead, reason) are due;
 *    a lead who pressed "Remind me in a week" is held back about that action for seven days;
 * 2. reminders are grouped by lead, and each lead resolved to a person through the plan owner's
 *    confirmed lead mappings (a suggestion is never messaged);
 * 3. for each lead, every reminder key is claimed in the reminder log BEFORE anything is sent
 *    (reminder-claim.ts), so a second server sends nothing twice and the next sweep finishes what a
 *    dead one left;
 * 4. one card per lead (reminderCard; more than fifteen actions split) goes to the lead's chat,
 *    found or made by LeadReach, within Teams' rate limits (ProactiveSender);
 * 5. each key's outcome is recorded: sent, failed (retried next sweep) or unreachable;
 * 6. actions overdue with no update after two reminders go to the plan owner in a digest.
 */

export interface SweepDeps {
  store: PlanStore;
  clock: Clock;
  /** Needed unless dryRun. */
  sender?: ProactiveSender;
  reach?: LeadReach;
}

export interface SweepOptions {
  /** Default: every plan. */
  planIds?: readonly string[];
  /** The day to judge, for every plan; default today in each plan's time zone. */
  on?: DateOnly;
  /** Decide and report, claim and send nothing. */
  dryRun?: boolean;
  /** Dry run: whether a lead with no chat would get the app installed through Graph. */
  canInstall?: boolean;
  /** A claim older than this was left by a sender that died. */
  staleClaimMs?: number;
  /** Leads in flight at once (the rate limiter spaces the requests whatever the number). */
  concurrency?: number;
  policy?: ReminderPolicyOptions;
  /** Reminders dealt with so far, of those due. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the sweep where it is, as a crash would (nothing more recorded). */
  signal?: AbortSignal;
}

interface PlanRun {
  plan: Plan;
  today: DateOnly;
  due: ReminderDue[];
  log: Reminder[];
  mappings: LeadMapping[];
  report: PlanSweepReport;
}

interface LeadJob {
  run: PlanRun;
  lead: Lead;
  userId: string;
  displayName: string;
  items: ReminderDue[];
}

const REFUSED = 'the Bot Connector refused the bot’s credentials (401): check BOT_ID and BOT_PASSWORD; nothing more was sent';

function countBy(values: readonly string[]): { why: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([why, count]) => ({ why, count }));
}

function refsOf(items: readonly { action: { ref: string } }[]): string[] {
  return items.map((i) => i.action.ref);
}

function failure(result: Exclude<SendResult, { kind: 'sent' }>): string {
  const tries = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
  return result.status === 0 ? `no answer from the Bot Connector${tries} (${result.code})` : `Bot Connector answered ${result.status} ${result.code}${tries}`;
}

export async function runReminderSweep(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const { store, clock } = deps;
  const dryRun = options.dryRun ?? false;
  if (!dryRun && (!deps.sender || !deps.reach)) throw new Error('runReminderSweep: sending needs a sender and a LeadReach (or dryRun)');
  const startedAt = clock().toISOString();
  const staleClaimMs = options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
  const policy = options.policy ?? DEFAULT_REMINDER_POLICY;

  // 1-2. Decide, per plan, and turn leads into people.
  const runs: PlanRun[] = [];
  const jobs: LeadJob[] = [];
  const planIds = options.planIds ?? (await store.listPlans()).map((p) => p.id);
  for (const planId of planIds) {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const today = options.on ?? dateIn(plan.timeZone, clock());
    const decision = remindersDue(await store.findActions(plan.id), plan, today, policy);
    const log = await store.listReminders({ planId: plan.id });
    const mappings = await store.listLeadMappings(plan.id);
    const report: PlanSweepReport = {
      planId: plan.id,
      title: plan.title,
      on: today,
      due: decision.due.length,
      notDue: countBy(decision.skipped.map((s) => s.why)),
      sent: [],
      skipped: [],
      failed: [],
      unreachable: [],
      planned: [],
      escalation: null,
    };
    const run: PlanRun = { plan, today, due: decision.due, log, mappings, report };
    runs.push(run);

    const open = decision.due.filter((d) => {
      const snoozed = log.find((r) => r.actionId === d.action.id && normaliseLeadName(r.lead) === normaliseLeadName(d.lead.name) && wasSnoozed(r, d.action, plan.timeZone) && today < snoozeEnds(r.answeredAt!, plan.timeZone));
      if (snoozed) report.skipped.push({ lead: d.lead.name, ref: d.action.ref, why: `snoozed by the lead until ${snoozeEnds(snoozed.answeredAt!, plan.timeZone)}` });
      return !snoozed;
    });
    for (const items of groupByLead(open).values()) {
      const lead = items[0]!.lead;
      const recipients = leadRecipients(mappings, lead);
      if (recipients.kind === 'users') {
        jobs.push({ run, lead, userId: recipients.userIds[0]!, displayName: recipients.displayName, items });
      } else {
        const reason = recipients.kind === 'group' ? `mapped to the group ${recipients.displayName}; reminders go to a person (confirm a named contact for it)` : recipients.reason;
        // Not claimed: once someone is confirmed for the lead, the next sweep sends these.
        report.unreachable.push({ lead: lead.name, refs: refsOf(items), why: reason });
      }
    }
  }

  if (dryRun) {
    for (const job of jobs) job.run.report.planned.push(await plannedLine(job, deps, options, staleClaimMs));
    for (const run of runs) run.report.escalation = await escalation(run, deps, { dryRun, staleClaimMs });
    return finish(runs, true, startedAt, clock, null);
  }

  // 3-5. Claim, send, record: leads in parallel, the limiter keeping the pace.
  const total = jobs.reduce((n, j) => n + j.items.length, 0);
  let done = 0;
  let stopped: string | null = null;
  options.onProgress?.(0, total);
  await runPooled(jobs, { concurrency: options.concurrency ?? 16 }, async (job) => {
    options.signal?.throwIfAborted();
    if (stopped === null) {
      const refused = await sendToLead(job, deps, staleClaimMs, options.signal);
      if (refused) stopped = REFUSED;
    } else {
      job.run.report.skipped.push(...job.items.map((i) => ({ lead: job.lead.name, ref: i.action.ref, why: 'not sent: the sweep stopped' })));
    }
    done += job.items.length;
    options.onProgress?.(done, total);
  });

  // 6. Escalation digests, after the leads' reminders.
  if (stopped === null) {
    for (const run of runs) {
      options.signal?.throwIfAborted();
      run.report.escalation = await escalation(run, deps, { dryRun, staleClaimMs, ...(options.signal && { signal: options.signal }) });
    }
  }
  return finish(runs, false, startedAt, clock, stopped);
}

function finish(runs: readonly PlanRun[], dryRun: boolean, startedAt: string, clock: Clock, stopped: string | null): SweepReport {
  const plans = runs.map((r) => r.report);
  return { dryRun, startedAt, finishedAt: clock().toISOString(), plans, totals: sweepTotals(plans), stopped };
}

/** Claims the lead's reminders, sends their card(s), records each outcome. True when the bot's credentials were refused. */
async function sendToLead(job: LeadJob, deps: SweepDeps, staleClaimMs: number, signal?: AbortSignal): Promise<boolean> {
  const { store, clock } = deps;
  const reach = deps.reach!;
  const sender = deps.sender!;
  const { run, lead } = job;
  const { report, plan, today } = run;
  const stored = await store.getConversationReference(job.userId);
  const reachableSince = stored && stored.uninstalledAt === undefined ? stored.updatedAt : null;

  const claimed: ReminderDue[] = [];
  let retried = 0;
  for (const item of job.items) {
    const result = await claimOrRetake(
      { key: item.key, planId: plan.id, actionId: item.action.id, lead: lead.name, leadUserId: job.userId, reason: item.reason, period: item.period, claimedAt: clock().toISOString() },
      { store, now: clock(), staleClaimMs, reachableSince },
    );
    if (result.claimed) {
      claimed.push(item);
      if (result.retry) retried += 1;
    } else {
      report.skipped.push({ lead: lead.name, ref: item.action.ref, why: result.why });
    }
  }
  if (claimed.length === 0) return false;
  signal?.throwIfAborted();

  const record = async (items: readonly ReminderDue[], outcome: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    for (const item of items) {
      await store.recordReminderOutcome(item.key, outcome === 'sent' ? { status: 'sent', at } : { status: outcome, at, error });
    }
  };

  let reached: Reach;
  try {
    reached = await reach.resolve(job.userId, job.displayName);
  } catch (error) {
    // Graph or the store failing for this lead (not a refusal to install): retried next sweep.
    if (signal?.aborted) throw error;
    const why = `finding their chat failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
    await record(claimed, 'failed', why);
    report.failed.push({ lead: lead.name, refs: refsOf(claimed), why });
    return false;
  }
  if (reached.kind === 'unreachable') {
    await record(claimed, 'unreachable', reached.reason);
    report.unreachable.push({ lead: lead.name, refs: refsOf(claimed), why: reached.reason });
    return false;
  }
  let address: Address = reached.address;
  let recovered = false;
  let cards = 0;
  const sentItems: ReminderDue[] = [];

  for (const items of reminderCardGroups(claimed)) {
    const card = (a: Address): AdaptiveCard => reminderCard({ plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone }, lead: lead.name, userIds: a.userMri ? [a.userMri] : [], today, items });
    const n = items.length;
    const summary = `Action plan reminder: ${n} action${n === 1 ? ' needs' : 's need'} an update`;
    let result = await sender.send(address.target, cardMessage(card(address), summary), signal);
    // A deleted chat or an uninstalled app: install once more (or open a new chat), send once more, never loop.
    if (result.kind === 'gone' && !recovered) {
      recovered = true;
      let again: Reach;
      try {
        again = await reach.recover(address, job.displayName, `${result.status} ${result.code}`);
      } catch (error) {
        if (signal?.aborted) throw error;
        const why = `their chat answered ${result.status} ${result.code} and installing the app again failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
        await record(items, 'failed', why);
        report.failed.push({ lead: lead.name, refs: refsOf(items), why });
        continue;
      }
      if (again.kind === 'unreachable') {
        await record(items, 'unreachable', again.reason);
        report.unreachable.push({ lead: lead.name, refs: refsOf(items), why: again.reason });
        continue;
      }
      address = again.address;
      result = await sender.send(address.target, cardMessage(card(address), summary), signal);
    }
    signal?.throwIfAborted();
    if (result.kind === 'sent') {
      await record(items, 'sent');
      if (cards === 0) await reach.remember(address, job.displayName);
      sentItems.push(...items);
      cards += 1;
    } else if (result.kind === 'gone' || result.kind === 'blocked') {
      const why = result.kind === 'blocked' ? `the lead blocked the bot or an admin disabled it (${result.status} ${result.code}); they must message the bot again` : `their chat still answered ${result.status} ${result.code} after installing the app again`;
      await record(items, 'unreachable', why);
      report.unreachable.push({ lead: lead.name, refs: refsOf(items), why });
    } else {
      await record(items, 'failed', failure(result));
      report.failed.push({ lead: lead.name, refs: refsOf(items), why: `${failure(result)}; retried next sweep` });
      if (result.kind === 'refused') return true;
    }
  }
  if (sentItems.length > 0) {
    report.sent.push({ lead: lead.name, refs: refsOf(sentItems), cards, via: address.source, retried: Math.min(retried, sentItems.length) });
  }
  return false;
}

async function plannedLine(job: LeadJob, deps: SweepDeps, options: SweepOptions, staleClaimMs: number): Promise<PlannedLine> {
  const { store, clock } = deps;
  const stored = await store.getConversationReference(job.userId);
  const usable = stored !== null && stored.uninstalledAt === undefined;
  const via = usable
    ? 'their chat with the bot'
    : options.canInstall
      ? `installing the app for them through Graph (${stored ? 'they uninstalled it' : 'they never opened the bot'})`
      : `a new chat through the Bot Connector, if the app is installed for them (${stored ? 'they uninstalled it' : 'they never opened the bot'})`;
  const byKey = new Map(job.run.log.map((r) => [r.key, r]));
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

async function escalation(run: PlanRun, deps: SweepDeps, options: { dryRun: boolean; staleClaimMs: number; signal?: AbortSignal }): Promise<PlanSweepReport['escalation']> {
  const { store, clock } = deps;
  const { plan, today } = run;
  const log = options.dryRun ? run.log : await store.listReminders({ planId: plan.id });
  const found = escalations(run.due, log, today, plan.timeZone);
  if (found.length === 0) return null;
  const refs = found.map((e) => e.due.action.ref);
  const owner = ownerRecipient(plan.owner, run.mappings);
  if (owner.kind === 'unreachable') return { owner: plan.owner, refs, status: 'unreachable', why: owner.reason };
  const ownerName = plan.owner!;
  const keyOf = (e: Escalation): string => escalationKey(e.due.action.id, ownerName, e.due.period);

  if (options.dryRun) {
    const byKey = new Map(log.map((r) => [r.key, r]));
    const fresh = found.filter((e) => {
      const existing = byKey.get(keyOf(e));
      return !existing || retryVerdict(existing, clock(), options.staleClaimMs).retry;
    });
    return fresh.length === 0
      ? { owner: ownerName, refs, status: 'already-sent', why: 'in a digest already this overdue period' }
      : { owner: ownerName, refs: fresh.map((e) => e.due.action.ref), status: 'would-send', why: `overdue with no update after two reminders; digest to ${owner.displayName}` };
  }

  const claimed: Escalation[] = [];
  for (const e of found) {
    const result = await claimOrRetake(
      { key: keyOf(e), planId: plan.id, actionId: e.due.action.id, lead: ownerName, leadUserId: owner.userId, reason: 'overdue', period: e.due.period, claimedAt: clock().toISOString() },
      { store, now: clock(), staleClaimMs: options.staleClaimMs },
    );
    if (result.claimed) claimed.push(e);
  }
  if (claimed.length === 0) return { owner: ownerName, refs, status: 'already-sent', why: 'in a digest already this overdue period' };
  const claimedRefs = claimed.map((e) => e.due.action.ref);
  const record = async (status: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    for (const e of claimed) await store.recordReminderOutcome(keyOf(e), status === 'sent' ? { status, at } : { status, at, error });
  };

  const reached = await deps.reach!.resolve(owner.userId, owner.displayName);
  if (reached.kind === 'unreachable') {
    await record('unreachable', reached.reason);
    return { owner: ownerName, refs: claimedRefs, status: 'unreachable', why: reached.reason };
  }
  const card = digestCard({ plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone }, owner: ownerName, today, items: claimed.map((e) => e.item) });
  const n = claimed.length;
  const result = await deps.sender!.send(reached.address.target, cardMessage(card, `${n} overdue action${n === 1 ? '' : 's'} with no update`), options.signal);
  if (result.kind === 'sent') {
    await record('sent');
    await deps.reach!.remember(reached.address, owner.displayName);
    return { owner: ownerName, refs: claimedRefs, status: 'sent', why: `overdue with no update after two reminders; digest sent to ${owner.displayName}` };
  }
  const why = failure(result);
  const status = result.kind === 'failed' || result.kind === 'refused' ? 'failed' : 'unreachable';
  await record(status, why);
  return { owner: ownerName, refs: claimedRefs, status, why: status === 'failed' ? `${why}; retried next sweep` : why };
}
