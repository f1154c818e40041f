import type { EmailDelivery } from '../../../bot/reminders/lead-delivery.js';
import type { ReminderSending } from '../../../bot/reminders/reminder-setup.js';
import { runReminderSweep } from '../../../bot/reminders/reminder-sweep.js';
import type { PlanSweepReport, SweepReport } from '../../../bot/reminders/sweep-report.js';
import type { Clock } from '../../config/today.js';
import { isDateOnly } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import type { PlanStore } from '../../store/plan-store.js';
import { progressReporter } from '../progress.js';
import { resolvePlan } from '../resolve-plan.js';

export interface RemindOptions {
  plan?: string;
  dryRun?: boolean;
  on?: string;
  json?: boolean;
}

/** How reminders reach leads, as the composition root (src/app/compose.ts) built it from the settings. */
export interface ReminderDelivery {
  /** The sender for a store (with the shared mailbox, when one is set, for leads with no account); null without the bot's registration, which Teams messages need. */
  sending: ((store: PlanStore) => ReminderSending & { email?: EmailDelivery | null }) | null;
  /** Whether leads without a chat would get the app installed through Graph (the dry run says so). */
  canInstall: boolean;
}

export interface RemindContext {
  delivery: ReminderDelivery;
  clock?: Clock;
  /** Progress lines ("Sending reminders 12/45"); stderr by default. */
  progress?: NodeJS.WriteStream;
}

const NO_BOT =
  'plan remind sends Teams messages as the bot, which needs its registration: set BOT_ID and BOT_PASSWORD (with GRAPH_TENANT_ID and GRAPH_CLIENT_ID; see docs/permissions.md), or add --dry-run to see who would be reminded without sending';

/** `plan remind`: the reminder sweep on demand, or (--dry-run) who would get what and why. */
export async function remindCommand(store: PlanStore, options: RemindOptions, context: RemindContext): Promise<string> {
  if (options.on !== undefined && !isDateOnly(options.on)) {
    throw new PlanError('invalid_input', `--on must be a date as YYYY-MM-DD, not "${options.on}"`);
  }
  const planIds = options.plan !== undefined ? [(await resolvePlan(store, options.plan)).id] : undefined;
  if (planIds === undefined && (await store.countPlans()) === 0) {
    throw new PlanError('plan_not_found', 'no plans yet; bring one in with `plan import FILE`');
  }
  const clock = context.clock ?? (() => new Date());
  const base = { ...(planIds && { planIds }), ...(options.on !== undefined && { on: options.on }) };

  let report: SweepReport;
  if (options.dryRun) {
    report = await runReminderSweep({ store, clock }, { kind: 'dry-run', canInstall: context.delivery.canInstall }, base);
  } else {
    if (!context.delivery.sending) throw new PlanError('invalid_input', NO_BOT);
    const sending = context.delivery.sending(store);
    const progress = progressReporter('Sending reminders', context.progress);
    try {
      report = await runReminderSweep({ store, clock }, { kind: 'send', sender: sending.sender, reach: sending.reach, channels: sending.channels, ...(sending.email && { email: sending.email }), ...(sending.feed && { feed: sending.feed }) }, { ...base, onProgress: progress.update });
    } finally {
      progress.finish();
    }
  }
  return options.json ? JSON.stringify(report, null, 2) : describeReport(report);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describePlan(p: PlanSweepReport, dryRun: boolean): string[] {
  const emailed = p.emailed ?? [];
  const notified = p.notified ?? [];
  const leads = new Set([...p.sent.map((s) => s.lead), ...emailed.map((e) => e.lead), ...notified.map((e) => e.lead), ...p.skipped.map((s) => s.lead), ...p.failed.map((f) => f.lead), ...p.unreachable.map((u) => u.lead), ...p.planned.map((l) => l.lead)]);
  const lines = [`${p.title} (${p.planId}) on ${p.on}: ${plural(p.due, 'reminder')} due to ${plural(leads.size, 'lead')}`];
  if (dryRun) {
    for (const line of p.planned) {
      lines.push(`  ${line.lead}${line.person && line.person !== line.lead ? ` (${line.person})` : ''}: ${line.via}`);
      for (const item of line.items) lines.push(`    ${item.ref.padEnd(6)} ${item.reason.padEnd(9)} ${item.why}${item.state ? ` [${item.state}]` : ''}`);
    }
  } else {
    const sent = p.sent.reduce((n, s) => n + s.refs.length, 0);
    const cards = p.sent.reduce((n, s) => n + s.cards, 0);
    const installed = p.sent.filter((s) => s.via !== 'stored').length;
    const retried = p.sent.reduce((n, s) => n + s.retried, 0);
    const extras = [installed > 0 ? `${plural(installed, 'lead')} reached by installing the app or opening a chat` : '', retried > 0 ? `${retried} sent again after an earlier failure` : ''].filter(Boolean);
    lines.push(`  Sent ${plural(sent, 'reminder')} in ${plural(cards, 'card')}${extras.length ? ` (${extras.join('; ')})` : ''}`);
    if (notified.length > 0) {
      const n = notified.reduce((total, e) => total + e.refs.length, 0);
      lines.push(`  Told ${plural(n, 'reminder')} to ${plural(notified.length, 'lead')} through Teams' activity feed:`);
      for (const e of notified) lines.push(`    ${e.lead} (${e.refs.join(', ')})${e.retried > 0 ? `, ${e.retried} sent again after an earlier failure` : ''}`);
    }
    if (emailed.length > 0) {
      const n = emailed.reduce((total, e) => total + e.refs.length, 0);
      lines.push(`  Emailed ${plural(n, 'reminder')} to ${plural(emailed.length, 'lead')} with no account in the tenant, each with a one-time link:`);
      for (const e of emailed) lines.push(`    ${e.lead} <${e.address}> (${e.refs.join(', ')})${e.retried > 0 ? `, ${e.retried} sent again after an earlier failure` : ''}`);
    }
    if (p.failed.length > 0) {
      lines.push(`  Failed, retried next sweep:`);
      for (const f of p.failed) lines.push(`    ${f.lead} (${f.refs.join(', ')}): ${f.why}`);
    }
  }
  if (p.skipped.length > 0) {
    lines.push(`  Skipped ${plural(p.skipped.length, 'reminder')}:`);
    for (const s of p.skipped) lines.push(`    ${s.lead} ${s.ref}: ${s.why}`);
  }
  if (p.unreachable.length > 0) {
    lines.push(`  Unreachable leads:`);
    for (const u of p.unreachable) lines.push(`    ${u.lead} (${u.refs.join(', ')}): ${u.why}`);
  }
  if (p.escalation) {
    const e = p.escalation;
    lines.push(`  Escalation to the plan owner${e.owner ? ` ${e.owner}` : ''} (${e.refs.join(', ')}): ${e.status.replace('-', ' ')}; ${e.why}`);
  }
  if (p.ownerRequests) {
    const o = p.ownerRequests;
    const listed = o.requests.map((r) => `${r.ref} ${r.kind === 'completion' ? 'completion' : 'new timescale'}`).join(', ');
    lines.push(`  Requests card to the plan owner${o.owner ? ` ${o.owner}` : ''} (${listed}): ${o.status.replace('-', ' ')}; ${o.why}`);
  }
  if (p.channelDigest) {
    const d = p.channelDigest;
    lines.push(`  Digest to the channel ${d.channel} (due ${d.occasion}): ${d.status.replace('-', ' ')}; ${d.why}`);
  }
  if (p.notDue.length > 0) lines.push(`  Not due: ${p.notDue.map((n) => `${plural(n.count, 'action')}: ${n.why}`).join('; ')}`);
  return lines;
}

export function describeReport(report: SweepReport): string {
  const lines = report.dryRun ? ['Dry run: nothing was claimed or sent.'] : [];
  for (const p of report.plans) lines.push(...describePlan(p, report.dryRun));
  const t = report.totals;
  if (!report.dryRun) {
    lines.push(`Total: ${t.sent} sent in ${t.cards} cards, ${t.notified ? `${t.notified} through the activity feed, ` : ''}${t.emailed ? `${t.emailed} emailed, ` : ''}${t.skipped} skipped, ${t.failed} failed, ${t.unreachable} unreachable`);
  }
  if (report.stopped) lines.push(`Stopped early: ${report.stopped}`);
  return lines.join('\n');
}
