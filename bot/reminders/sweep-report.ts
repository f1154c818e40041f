import type { DateOnly } from '../../src/plan/calendar-date.js';
import type { ReminderReason } from '../../src/plan/reminder-policy.js';

/*
 * What a sweep did, or (dry run) would do. Names and refs are for the operator who ran it (the CLI
 * prints them, as `plan due` does); the server's log gets only the counts (sweepLogLine).
 */

/** One lead and the actions a line of the summary is about. */
export interface LeadLine {
  lead: string;
  refs: string[];
  why: string;
}

/** A reminder that was due but did not go this time. */
export interface SkippedReminder {
  lead: string;
  ref: string;
  why: string;
}

export interface SentLine {
  lead: string;
  refs: string[];
  cards: number;
  /** How the lead was reached: their stored chat, a chat found by installing the app, a created conversation. */
  via: 'stored' | 'installed' | 'created';
  /** Reminders sent again after a failure or an interrupted sweep. */
  retried: number;
}

/** A lead told through Teams' activity feed, the plan's choice (Plan.leadNotice). */
export interface NotifiedLine {
  lead: string;
  refs: string[];
  retried: number;
}

/** A lead with no account in the tenant, emailed a one-time link to answer their reminders. */
export interface EmailedLine {
  lead: string;
  refs: string[];
  /** The address the plan owner recorded (the operator's report only: the server's log gets counts). */
  address: string;
  retried: number;
}

/** Dry run: who would get what, and why (leads nobody is confirmed for are in `unreachable`). */
export interface PlannedLine {
  lead: string;
  /** Who the lead is in Entra ID, when confirmed. */
  person: string | null;
  /** "their chat with the bot", "installing the app for them through Graph", or why nobody. */
  via: string;
  items: { ref: string; reason: ReminderReason; why: string; state: string }[];
}

export interface EscalationLine {
  owner: string | null;
  refs: string[];
  /** sent, failed, unreachable, already sent, would send (dry run). */
  status: 'sent' | 'failed' | 'unreachable' | 'already-sent' | 'would-send';
  why: string;
}

/** The plan owner's card of leads' requests waiting for their answer: sent once a day while any waits. */
export interface OwnerRequestsLine {
  owner: string | null;
  /** The requests waiting, in plan order (the card lists the first twelve; the next day's card the rest). */
  requests: { ref: string; kind: 'completion' | 'timescale'; by: string | null }[];
  /** sent, failed, unreachable, already sent today, would send (dry run). */
  status: 'sent' | 'failed' | 'unreachable' | 'already-sent' | 'would-send';
  why: string;
}

/** The plan's digest to its channel, on the day its schedule says. */
export interface ChannelDigestLine {
  /** The channel's name when it was linked, else its id. */
  channel: string;
  /** The day the schedule had it due (it may go a day or two late). */
  occasion: DateOnly;
  /** posted, failed (retried next sweep), not posted (a person must act first), already posted, would post (dry run). */
  status: 'posted' | 'failed' | 'not-posted' | 'already-posted' | 'would-post';
  why: string;
}

export interface PlanSweepReport {
  planId: string;
  title: string;
  on: DateOnly;
  /** (action, lead) reminders the policy found due. */
  due: number;
  /** Open actions the policy passed over, by reason, with counts. */
  notDue: { why: string; count: number }[];
  sent: SentLine[];
  /** Reminders that went by email (absent: none did). */
  emailed?: EmailedLine[];
  /** Reminders told through Teams' activity feed (absent: none were). */
  notified?: NotifiedLine[];
  skipped: SkippedReminder[];
  failed: LeadLine[];
  unreachable: LeadLine[];
  planned: PlannedLine[];
  escalation: EscalationLine | null;
  /** Null when no request waits for the plan owner. */
  ownerRequests: OwnerRequestsLine | null;
  /** Null when the plan's channel digest is not due today. */
  channelDigest: ChannelDigestLine | null;
}

export interface SweepTotals {
  due: number;
  sent: number;
  cards: number;
  /** Reminders emailed to leads with no account in the tenant (always counted by sweepTotals). */
  emailed?: number;
  /** Reminders told through the activity feed. */
  notified?: number;
  skipped: number;
  failed: number;
  unreachable: number;
}

export interface SweepReport {
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  plans: PlanSweepReport[];
  totals: SweepTotals;
  /** Set when the sweep stopped early (the Bot Connector refused the bot's credentials). */
  stopped: string | null;
}

export function sweepTotals(plans: readonly PlanSweepReport[]): SweepTotals {
  const sum = (f: (p: PlanSweepReport) => number): number => plans.reduce((n, p) => n + f(p), 0);
  return {
    due: sum((p) => p.due),
    sent: sum((p) => p.sent.reduce((n, s) => n + s.refs.length, 0)),
    cards: sum((p) => p.sent.reduce((n, s) => n + s.cards, 0)),
    emailed: sum((p) => (p.emailed ?? []).reduce((n, e) => n + e.refs.length, 0)),
    notified: sum((p) => (p.notified ?? []).reduce((n, e) => n + e.refs.length, 0)),
    skipped: sum((p) => p.skipped.length),
    failed: sum((p) => p.failed.reduce((n, f) => n + f.refs.length, 0)),
    unreachable: sum((p) => p.unreachable.reduce((n, u) => n + u.refs.length, 0)),
  };
}

/** The server's log line: ids and counts, never names or plan text. */
export function sweepLogLine(report: SweepReport): string {
  const t = report.totals;
  const plans = report.plans.map((p) => `${p.planId}@${p.on}`).join(',');
  const escalations = report.plans.filter((p) => p.escalation?.status === 'sent').length;
  const ownerCards = report.plans.filter((p) => p.ownerRequests?.status === 'sent').length;
  const channelDigests = report.plans.filter((p) => p.channelDigest?.status === 'posted').length;
  return `reminder sweep${report.dryRun ? ' (dry run)' : ''} plans=${plans || 'none'} due=${t.due} sent=${t.sent} cards=${t.cards} emailed=${t.emailed ?? 0} notified=${t.notified ?? 0} skipped=${t.skipped} failed=${t.failed} unreachable=${t.unreachable} digests=${escalations} ownerCards=${ownerCards} channelDigests=${channelDigests}${report.stopped ? ' stopped' : ''}`;
}
