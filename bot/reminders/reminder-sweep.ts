import { runPooled } from '../../src/concurrency/pool.js';
import { dateIn, type Clock } from '../../src/config/today.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { PlanError } from '../../src/plan/errors.js';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicyOptions } from '../../src/plan/reminder-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { escalationDigest } from './escalation-digest.js';
import { deliverToLead } from './lead-delivery.js';
import { deliverOwnerRequests } from './owner-requests-delivery.js';
import { deliverScheduledDigest } from './channel-digest-delivery.js';
import { plannedLine } from './planned-line.js';
import { DEFAULT_STALE_CLAIM_MS } from './reminder-claim.js';
import type { SweepMode } from './sweep-mode.js';
import { sweepTotals, type PlanSweepReport, type SweepReport } from './sweep-report.js';
import { whoIsDue, type LeadDue, type PlanDue } from './who-is-due.js';

/*
 * The reminder sweep (issue 5, items 2, 5 and 7). For each plan, on its own day (today in the
 * plan's time zone, or the day given):
 *
 * 1-2. who is due what, and who each lead is (who-is-due.ts, shared with `plan due`);
 * 3-5. each lead's reminders claimed, sent and recorded (lead-delivery.ts), or, in a dry run,
 *      what would happen (planned-line.ts);
 * 6.   actions overdue with no update after two reminders go to the plan owner in a digest
 *      (escalation-digest.ts);
 * 7.   leads' requests waiting for the plan owner (a completion proposed, a new timescale asked
 *      for) go to the owner in one card a day to answer (owner-requests-delivery.ts);
 * 8.   on the day the plan's schedule says, "since the last meeting" goes to its channel
 *      (channel-digest-delivery.ts).
 */

export interface SweepDeps {
  store: PlanStore;
  clock: Clock;
}

export interface SweepOptions {
  /** Default: every plan. */
  planIds?: readonly string[];
  /** The day to judge, for every plan; default today in each plan's time zone. */
  on?: DateOnly;
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

const REFUSED = 'the Bot Connector refused the bot’s credentials (401): check BOT_ID and BOT_PASSWORD; nothing more was sent';

function countBy(values: readonly string[]): { why: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([why, count]) => ({ why, count }));
}

function reportOf(due: PlanDue): PlanSweepReport {
  return {
    planId: due.plan.id,
    title: due.plan.title,
    on: due.today,
    due: due.due.length,
    notDue: countBy(due.notDue.map((s) => s.why)),
    sent: [],
    skipped: [...due.snoozed],
    failed: [],
    // Not claimed: once someone is confirmed for the lead, the next sweep sends these.
    unreachable: [...due.unreachable],
    planned: [],
    escalation: null,
    ownerRequests: null,
    channelDigest: null,
  };
}

export async function runReminderSweep(deps: SweepDeps, mode: SweepMode, options: SweepOptions = {}): Promise<SweepReport> {
  const { store, clock } = deps;
  const startedAt = clock().toISOString();
  const staleClaimMs = options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;

  const plans: { due: PlanDue; report: PlanSweepReport }[] = [];
  for (const planId of options.planIds ?? (await store.listPlans()).map((p) => p.id)) {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const due = await whoIsDue(store, plan, options.on ?? dateIn(plan.timeZone, clock()), options.policy ?? DEFAULT_REMINDER_POLICY);
    plans.push({ due, report: reportOf(due) });
  }
  const finish = (stopped: string | null): SweepReport => {
    const reports = plans.map((p) => p.report);
    return { dryRun: mode.kind === 'dry-run', startedAt, finishedAt: clock().toISOString(), plans: reports, totals: sweepTotals(reports), stopped };
  };

  if (mode.kind === 'dry-run') {
    for (const { due, report } of plans) {
      for (const job of due.leads) report.planned.push(await plannedLine(job, due, { store, clock, canInstall: mode.canInstall, staleClaimMs }));
      report.escalation = await escalationDigest(due, { store, clock, mode, staleClaimMs });
      report.ownerRequests = await deliverOwnerRequests(due, { store, clock, mode, staleClaimMs });
      report.channelDigest = await deliverScheduledDigest(due, { store, clock, mode, staleClaimMs });
    }
    return finish(null);
  }

  // Leads in parallel, the limiter keeping the pace.
  const jobs: { job: LeadDue; due: PlanDue; report: PlanSweepReport }[] = plans.flatMap(({ due, report }) => due.leads.map((job) => ({ job, due, report })));
  const total = jobs.reduce((n, j) => n + j.job.items.length, 0);
  let done = 0;
  let stopped: string | null = null;
  options.onProgress?.(0, total);
  await runPooled(jobs, { concurrency: options.concurrency ?? 16 }, async ({ job, due, report }) => {
    options.signal?.throwIfAborted();
    if (stopped === null) {
      const refused = await deliverToLead(job, due, report, { store, clock, delivery: mode, staleClaimMs, signal: options.signal });
      if (refused) stopped = REFUSED;
    } else {
      report.skipped.push(...job.items.map((i) => ({ lead: job.lead.name, ref: i.action.ref, why: 'not sent: the sweep stopped' })));
    }
    done += job.items.length;
    options.onProgress?.(done, total);
  });

  // Escalation digests and the owners' requests cards, after the leads' reminders.
  if (stopped === null) {
    for (const { due, report } of plans) {
      options.signal?.throwIfAborted();
      report.escalation = await escalationDigest(due, { store, clock, mode, staleClaimMs, signal: options.signal });
      options.signal?.throwIfAborted();
      report.ownerRequests = await deliverOwnerRequests(due, { store, clock, mode, staleClaimMs, signal: options.signal });
      options.signal?.throwIfAborted();
      report.channelDigest = await deliverScheduledDigest(due, { store, clock, mode, staleClaimMs, signal: options.signal });
    }
  }
  return finish(stopped);
}
