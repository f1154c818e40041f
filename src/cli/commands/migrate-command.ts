import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { PlanError } from '../../plan/errors.js';
import { openPlanStore } from '../../store/open-store.js';
import {
  abandonTransfer,
  AlreadyTransferredError,
  describeRemoved,
  transferPlan,
  type TransferCommands,
  type TransferCounts,
  type TransferOutcome,
} from '../../store/sharepoint/plan-transfer.js';
import { openSiteLists, type ConnectionOptions } from '../../store/sharepoint/site-connection.js';
import { TransferJournal } from '../../store/sharepoint/transfer-journal.js';
import { transferFromDocument } from '../../store/sharepoint/transfer-plan.js';
import { GraphPlanStore } from '../../store/sharepoint/graph-plan-store.js';
import { leadsColumnNotes } from '../leads-column-notes.js';
import { explainSharePointFailure } from '../sharepoint-failure.js';
import { describeTally, openSharePointSession } from '../sharepoint-session.js';
import { transferProgressReporter } from '../transfer-progress.js';
import type { CommandResult } from './provision-command.js';
import type { SharePointConfig } from '../../store/sharepoint/sharepoint-config.js';

export interface MigrateOptions {
  from?: string;
  to?: string;
  plan?: string;
  site?: string;
  resume?: boolean;
  abandon?: boolean;
  json?: boolean;
}

export interface MigrateContext {
  /** The site and the app's credentials (--site wins over SHAREPOINT_SITE). */
  sharePoint: (site: string | undefined) => SharePointConfig;
  dbPath: string;
  /** Whether --db was given, so the resume command printed repeats it. */
  dbGiven: boolean;
  stderr: NodeJS.WriteStream;
  signal?: AbortSignal;
  now?: () => Date;
  connection?: ConnectionOptions;
}

/** A command line argument as the shell needs it. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One journal per source plan, next to the SQLite file (./data/migrations by default). */
export function migrationJournalPath(dbPath: string, planId: string): string {
  const safe = planId.replace(/[^A-Za-z0-9._-]/g, '_');
  const name = safe === planId ? safe : `${safe}-${createHash('sha256').update(planId).digest('hex').slice(0, 8)}`;
  return join(dirname(dbPath), 'migrations', `${name}.json`);
}

async function unfinishedPlanIds(dbPath: string): Promise<string[]> {
  const dir = join(dirname(dbPath), 'migrations');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const name of names.sort()) {
    const record = await new TransferJournal(join(dir, name)).read();
    if (record && record.state !== 'done' && record.source.planId !== undefined) ids.push(record.source.planId);
  }
  return ids;
}

function counts(c: TransferCounts, mappings = 0): string {
  const parts = [`${c.actions} action${c.actions === 1 ? '' : 's'}`, `${c.updates} update${c.updates === 1 ? '' : 's'}`, `${c.reminders} reminder${c.reminders === 1 ? '' : 's'}`];
  if (mappings > 0) parts.push(`${mappings} lead mapping${mappings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

interface PlanResult {
  planId: string;
  title: string | null;
  status: 'migrated' | 'resumed' | 'interrupted' | 'skipped' | 'abandoned';
  targetPlanId: string | null;
  message: string;
}

/**
 * Moves plans from the local SQLite store to the SharePoint site. Each plan is all or nothing:
 * hidden until its last write, removed again if the migration fails, and resumable (--resume) after
 * Ctrl-C or a crash without writing anything twice; --abandon removes what an unfinished one wrote.
 */
export async function migrateCommand(options: MigrateOptions, context: MigrateContext): Promise<CommandResult> {
  if (options.from !== 'sqlite') throw new PlanError('invalid_input', `--from must be sqlite (the local store), not "${options.from ?? ''}"`);
  if (options.to !== 'sharepoint') throw new PlanError('invalid_input', `--to must be sharepoint, not "${options.to ?? ''}"`);
  if (options.resume && options.abandon) throw new PlanError('invalid_input', '--resume and --abandon cannot go together: finish the migration, or remove what it wrote');
  if (!existsSync(context.dbPath)) throw new PlanError('invalid_input', `there is no SQLite store at ${context.dbPath} to migrate from (--db or PLAN_DB names it)`);

  const source = await openPlanStore({ kind: 'sqlite', path: context.dbPath });
  try {
    const session = await openSharePointSession(context.sharePoint(options.site), context.connection);
    const lists = await openSiteLists(session.site)
      .then((opened) => opened.lists)
      .catch((error: unknown) => {
        throw explainSharePointFailure(error);
      });
    const siteUrl = session.site.siteUrl;

    let planIds: string[];
    if (options.plan !== undefined) planIds = [options.plan];
    else if (options.resume || options.abandon) {
      planIds = await unfinishedPlanIds(context.dbPath);
      if (planIds.length === 0) throw new PlanError('invalid_input', `there is no unfinished migration to ${options.resume ? 'resume' : 'abandon'} (journals in ${join(dirname(context.dbPath), 'migrations')})`);
    } else {
      planIds = (await source.listPlans()).map((p) => p.id);
      if (planIds.length === 0) throw new PlanError('plan_not_found', `the SQLite store at ${context.dbPath} has no plans to migrate`);
    }

    const results: PlanResult[] = [];
    let exitCode = 0;
    for (const planId of planIds) {
      const again = (flag: string): string =>
        `plan${context.dbGiven ? ` --db ${shellWord(context.dbPath)}` : ''} migrate --from sqlite --to sharepoint --plan ${shellWord(planId)}${options.site !== undefined ? ` --site ${shellWord(options.site)}` : ''} ${flag}`;
      const commands: TransferCommands = { resume: again('--resume'), abandon: again('--abandon') };
      const journal = new TransferJournal(migrationJournalPath(context.dbPath, planId));

      if (options.abandon) {
        const removal = await abandonTransfer(lists, journal).catch((error: unknown) => {
          throw explainSharePointFailure(error);
        });
        const left = removal.remaining.filter((g) => g.ids.length > 0);
        if (left.length > 0) {
          throw new PlanError('store_failure', `could not remove everything the migration of plan ${planId} wrote (${left.map((g) => `${g.list} items ${g.ids.join(', ')}`).join('; ')}); run "${commands.abandon}" again`);
        }
        results.push({ planId, title: null, status: 'abandoned', targetPlanId: removal.planId, message: `Abandoned the unfinished migration of plan ${planId}: removed ${describeRemoved(removal.removed)}.` });
        continue;
      }

      const doc = await source.exportPlan(planId);
      if (!doc) throw new PlanError('plan_not_found', `the SQLite store has no plan "${planId}"; \`plan plans\` lists them`);
      const [reminders, mappings] = await Promise.all([source.listReminders({ planId }), source.listLeadMappings(planId)]);
      const progress = transferProgressReporter(`Migrating plan ${planId}`, session.site.pacer, context.stderr);
      let outcome: TransferOutcome;
      try {
        outcome = await transferPlan({
          kind: 'migrate',
          source: { planId },
          build: () => transferFromDocument(doc, reminders, mappings),
          lists,
          siteUrl,
          journal,
          mode: options.resume ? 'resume' : 'start',
          commands,
          onProgress: progress.update,
          ...(context.signal && { signal: context.signal }),
          ...(context.now && { now: context.now }),
        });
      } catch (error) {
        progress.interrupt();
        if (error instanceof AlreadyTransferredError && planIds.length > 1) {
          results.push({ planId, title: doc.plan.title, status: 'skipped', targetPlanId: error.targetPlanId, message: `Skipped plan ${planId}: ${error.message}.` });
          continue;
        }
        throw explainSharePointFailure(error);
      }
      if (outcome.status === 'interrupted') {
        progress.interrupt();
        context.stderr.write(
          `Interrupted: plan ${planId} is partly written (${outcome.done} of ${outcome.total} items) and stays hidden until it is finished.\n` +
            `Resume with:  ${commands.resume}\nor remove it: ${commands.abandon}\n`,
        );
        results.push({ planId, title: doc.plan.title, status: 'interrupted', targetPlanId: outcome.planId, message: `Interrupted the migration of plan ${planId}; nothing of it is visible yet.` });
        exitCode = 130;
        break;
      }
      progress.finish();
      const what = `"${doc.plan.title}" (SQLite plan ${planId}) to ${siteUrl} as plan ${outcome.planId}`;
      const skipped = outcome.alreadyThere.actions + outcome.alreadyThere.updates + outcome.alreadyThere.reminders;
      const message = outcome.resumed
        ? `Resumed and finished the migration of ${what}: wrote ${counts(outcome.written, mappings.length)}; ${skipped === 0 ? 'nothing had been written before' : `${counts(outcome.alreadyThere)} were already there and were not written again`}.`
        : `Migrated ${what}: ${counts(outcome.written, mappings.length)}.`;
      // Confirmed leads came over with the plan: SharePoint's Leads Person column follows them.
      const fillAgain = `PLAN_STORE=sharepoint SHAREPOINT_SITE=${shellWord(siteUrl)} plan leads --plan ${outcome.planId} --fill-leads-column`;
      const column = mappings.some((m) => m.status === 'confirmed')
        ? await leadsColumnNotes(GraphPlanStore.overLists(lists.http, lists.ids, lists.pageSize, siteUrl), outcome.planId, fillAgain, context.signal)
        : [];
      results.push({ planId, title: doc.plan.title, status: outcome.resumed ? 'resumed' : 'migrated', targetPlanId: outcome.planId, message: [message, ...column].join('\n') });
    }
    if (options.json) return { output: JSON.stringify({ site: siteUrl, plans: results, requests: session.tally }, null, 2), exitCode };
    return { output: [...results.map((r) => r.message), `(${describeTally(session.tally)})`].join('\n'), exitCode };
  } finally {
    await source.close();
  }
}
