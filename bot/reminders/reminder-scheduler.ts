import { Cron } from 'croner';
import { SettingsError } from '../../src/config/settings-error.js';
import { PlanError } from '../../src/plan/errors.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { sweepLogLine, type SweepReport } from './sweep-report.js';

/*
 * When the sweep runs (issue 5, item 2): a cron pattern, daily at 09:00 by default, in each plan's
 * own time zone (PlanSettings.timeZone, Europe/London unless the plan says otherwise), so a board
 * in London and one in New York each get their reminders at nine in the morning. One croner job per
 * time zone the plans use; sweeps never overlap in a process (croner's `protect`, and one chain for
 * every zone), and a second server at the same moment sends nothing twice because of the claims.
 *
 * PLAN_REMINDER_SCHEDULE: a cron pattern (croner syntax, five or six fields), default "0 9 * * *".
 * PLAN_REMINDERS: "on" or "off". Unset, the server sweeps when the bot is registered (BOT_ID), since
 * only then can it message anyone in Teams.
 */

export const DEFAULT_REMINDER_SCHEDULE = '0 9 * * *';

export interface ReminderScheduleConfig {
  enabled: boolean;
  /** Why enabled or not, for the server's log. */
  reason: string;
  pattern: string;
}

export function readReminderSchedule(env: NodeJS.ProcessEnv, botRegistered: boolean): ReminderScheduleConfig {
  const switchValue = env.PLAN_REMINDERS?.trim().toLowerCase();
  if (switchValue !== undefined && switchValue !== 'on' && switchValue !== 'off') {
    throw new SettingsError('PLAN_REMINDERS', `must be "on" or "off", not "${env.PLAN_REMINDERS}"`);
  }
  const pattern = env.PLAN_REMINDER_SCHEDULE?.trim() || DEFAULT_REMINDER_SCHEDULE;
  if (env.PLAN_REMINDER_SCHEDULE !== undefined && env.PLAN_REMINDER_SCHEDULE.trim() === '') {
    throw new SettingsError('PLAN_REMINDER_SCHEDULE', 'is set but empty: give a cron pattern such as "0 9 * * *", or unset it');
  }
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    throw new SettingsError('PLAN_REMINDER_SCHEDULE', `"${pattern}" is not a cron pattern croner reads (${error instanceof Error ? error.message : 'invalid'}); the default is "${DEFAULT_REMINDER_SCHEDULE}", daily at 09:00`);
  }
  if (switchValue === 'off') return { enabled: false, reason: 'PLAN_REMINDERS=off', pattern };
  if (switchValue === 'on') return { enabled: true, reason: 'PLAN_REMINDERS=on', pattern };
  return botRegistered
    ? { enabled: true, reason: 'the bot is registered (BOT_ID)', pattern }
    : { enabled: false, reason: 'no bot registration (BOT_ID); set PLAN_REMINDERS=on to sweep anyway', pattern };
}

/** The next time the pattern fires in a time zone, after `after`. */
export function nextSweepAt(pattern: string, timeZone: string, after: Date): Date | null {
  const job = new Cron(pattern, { timezone: timeZone, paused: true });
  try {
    return job.nextRun(after);
  } finally {
    job.stop();
  }
}

export interface ReminderSchedulerOptions {
  store: PlanStore;
  pattern: string;
  /** A sweep of these plans, each on its own day. */
  sweep: (planIds: string[]) => Promise<SweepReport>;
  log: (line: string) => void;
  /** How often plans are looked at again for time zones added or dropped (default an hour). */
  refreshMs?: number;
}

export class ReminderScheduler {
  private readonly jobs = new Map<string, Cron>();
  private chain: Promise<void> = Promise.resolve();
  private refreshTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Sweeps started, for tests. */
  runs = 0;

  constructor(private readonly options: ReminderSchedulerOptions) {}

  async start(): Promise<void> {
    await this.refresh();
    this.refreshTimer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.options.log(`reminder schedule refresh failed: ${error instanceof Error ? error.name : 'error'}`));
    }, this.options.refreshMs ?? 3_600_000);
    this.refreshTimer.unref();
  }

  /** One job per time zone the plans use; jobs of zones no plan uses any more are stopped. */
  async refresh(): Promise<void> {
    const zones = new Set((await this.plansByZone()).keys());
    for (const [zone, job] of this.jobs) {
      if (!zones.has(zone)) {
        job.stop();
        this.jobs.delete(zone);
      }
    }
    for (const zone of zones) {
      if (this.jobs.has(zone) || this.stopped) continue;
      try {
        const job = new Cron(this.options.pattern, { timezone: zone, protect: true, unref: true, name: `reminders ${zone}` }, () => this.runZone(zone));
        this.jobs.set(zone, job);
        this.options.log(`reminders scheduled "${this.options.pattern}" in ${zone}; next ${job.nextRun()?.toISOString() ?? 'never'}`);
      } catch (error) {
        this.options.log(`reminders not scheduled in time zone ${zone}: ${error instanceof Error ? error.message : 'invalid'}`);
      }
    }
  }

  /** Sweeps the plans of one time zone now, after any sweep still running in this process. */
  runZone(zone: string): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopped) return;
      const planIds = (await this.plansByZone()).get(zone) ?? [];
      if (planIds.length === 0) return;
      this.runs += 1;
      try {
        this.options.log(sweepLogLine(await this.options.sweep(planIds)));
      } catch (error) {
        // The error's name and code only: a message may quote plan content.
        const code = error instanceof PlanError ? ` code=${error.code}` : '';
        this.options.log(`reminder sweep failed in ${zone}: ${error instanceof Error ? error.name : 'error'}${code}`);
      }
    });
    this.chain = run;
    return run;
  }

  nextRuns(): { timeZone: string; next: Date | null }[] {
    return [...this.jobs].map(([timeZone, job]) => ({ timeZone, next: job.nextRun() }));
  }

  stop(): void {
    this.stopped = true;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  private async plansByZone(): Promise<Map<string, string[]>> {
    const zones = new Map<string, string[]>();
    for (const summary of await this.options.store.listPlans()) {
      const plan = await this.options.store.getPlan(summary.id);
      if (!plan) continue;
      zones.set(plan.timeZone, [...(zones.get(plan.timeZone) ?? []), plan.id]);
    }
    return zones;
  }
}
