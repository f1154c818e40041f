import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importPlanFile } from '../../import/import-file.js';
import type { SharePointConfig } from '../../store/sharepoint/sharepoint-config.js';
import { PlanError } from '../../plan/errors.js';
import type { Plan } from '../../plan/plan.js';
import { openPlanStore } from '../../store/open-store.js';
import { GraphPlanStore } from '../../store/sharepoint/graph-plan-store.js';
import { abandonTransfer, describeRemoved, transferPlan } from '../../store/sharepoint/plan-transfer.js';
import { openSiteLists, type ConnectionOptions } from '../../store/sharepoint/site-connection.js';
import { TransferJournal } from '../../store/sharepoint/transfer-journal.js';
import { transferFromDraft } from '../../store/sharepoint/transfer-plan.js';
import { explainSharePointFailure } from '../sharepoint-failure.js';
import { describeTally, openSharePointSession } from '../sharepoint-session.js';
import { transferProgressReporter } from '../transfer-progress.js';
import { sameTitle } from '../../service/import-document.js';
import { formatImportReport, importCommand, titleClashMessage } from './import-command.js';
import { shellWord } from './migrate-command.js';
import type { CommandResult } from './provision-command.js';

export interface ImportToOptions {
  to: string;
  site?: string;
  replace?: string;
  into?: string;
  dryRun?: boolean;
  asNew?: boolean;
  resume?: boolean;
  abandon?: boolean;
  json?: boolean;
}

export interface ImportToContext {
  /** The site and the app's credentials (--site wins over SHAREPOINT_SITE); asked for only when the import goes there. */
  sharePoint: (site: string | undefined) => SharePointConfig;
  /** Who imports, named as the author of the plan's first version. */
  author: string;
  dbPath: string;
  dbGiven: boolean;
  stderr: NodeJS.WriteStream;
  now: Date;
  signal?: AbortSignal;
  connection?: ConnectionOptions;
}

/** One journal per file (by content) while its import is unfinished, next to the SQLite file (./data/imports). */
export function importJournalPath(dbPath: string, sha256: string): string {
  return join(dirname(dbPath), 'imports', `${sha256.slice(0, 32)}.json`);
}

/**
 * `plan import FILE --to sqlite|sharepoint`: the store named, whatever PLAN_STORE says. Into
 * SharePoint the plan is written hidden and shown by its last write, removed again on failure, and
 * resumable after Ctrl-C or a crash (--resume) without duplicates; --abandon removes what an
 * unfinished import wrote. --replace goes through the store's own replacing import.
 */
export async function importToCommand(file: string, options: ImportToOptions, context: ImportToContext): Promise<CommandResult> {
  if (options.to !== 'sqlite' && options.to !== 'sharepoint') throw new PlanError('invalid_input', `--to must be sqlite or sharepoint, not "${options.to}"`);
  if (options.resume && options.abandon) throw new PlanError('invalid_input', '--resume and --abandon cannot go together');
  if (options.to === 'sqlite') {
    if (options.resume || options.abandon) throw new PlanError('invalid_input', '--resume and --abandon are for --to sharepoint: a SQLite import is one transaction');
    const store = await openPlanStore({ kind: 'sqlite', path: context.dbPath });
    try {
      return { output: await importCommand(store, file, { ...options, author: context.author }, context.now), exitCode: 0 };
    } finally {
      await store.close();
    }
  }

  const session = await openSharePointSession(context.sharePoint(options.site), context.connection);
  // --replace, and a next version brought in (--into) or compared (--dry-run), go through the store itself.
  if (options.replace !== undefined || options.into !== undefined || options.dryRun) {
    if (options.resume || options.abandon) throw new PlanError('invalid_input', '--replace, --into and --dry-run cannot go with --resume or --abandon');
    const store = await GraphPlanStore.open({ http: session.site.http, siteId: session.site.siteId }).catch((error: unknown) => {
      throw explainSharePointFailure(error);
    });
    const output = await importCommand(store, file, { ...options, author: context.author }, context.now).catch((error: unknown) => {
      throw explainSharePointFailure(error);
    });
    return { output: `${output}\n(${describeTally(session.tally)})`, exitCode: 0 };
  }

  const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
  const journal = new TransferJournal(importJournalPath(context.dbPath, sha256));
  const { lists } = await openSiteLists(session.site).catch((error: unknown) => {
    throw explainSharePointFailure(error);
  });
  const again = (flag: string): string =>
    `plan${context.dbGiven ? ` --db ${shellWord(context.dbPath)}` : ''} import ${shellWord(file)} --to sharepoint${options.site !== undefined ? ` --site ${shellWord(options.site)}` : ''} ${flag}`;
  const commands = { resume: again('--resume'), abandon: again('--abandon') };

  if (options.abandon) {
    const removal = await abandonTransfer(lists, journal).catch((error: unknown) => {
      throw explainSharePointFailure(error);
    });
    if (removal.remaining.some((g) => g.ids.length > 0)) throw new PlanError('store_failure', `could not remove everything the import wrote; run "${commands.abandon}" again`);
    return { output: `Abandoned the unfinished import of ${basename(file)}: removed ${describeRemoved(removal.removed)}.`, exitCode: 0 };
  }

  const { draft, report } = await importPlanFile(file, { importedAt: context.now.toISOString() });
  // A plan with this title may be the one this document is the next version of: ask, as the embedded store's import does.
  if (!options.resume && !options.asNew) {
    const existing = await GraphPlanStore.open({ http: session.site.http, siteId: session.site.siteId })
      .then((store) => store.listPlans())
      .catch((error: unknown) => {
        throw explainSharePointFailure(error);
      });
    const candidates = existing.filter((p) => sameTitle(p.title, draft.title));
    if (candidates.length > 0) throw new PlanError('title_clash', titleClashMessage(basename(file), candidates));
  }
  const progress = transferProgressReporter(`Writing ${basename(file)} to SharePoint`, session.site.pacer, context.stderr);
  let outcome;
  try {
    outcome = await transferPlan({
      kind: 'import',
      source: { fileName: basename(file), sha256 },
      build: (transferId) => transferFromDraft(draft, transferId, context.now.toISOString()),
      lists,
      siteUrl: session.site.siteUrl,
      journal,
      mode: options.resume ? 'resume' : 'start',
      commands,
      onProgress: progress.update,
      ...(context.signal && { signal: context.signal }),
    });
  } catch (error) {
    progress.interrupt();
    throw explainSharePointFailure(error);
  }
  if (outcome.status === 'interrupted') {
    progress.interrupt();
    context.stderr.write(
      `Interrupted: the plan is partly written (${outcome.done} of ${outcome.total} items) and stays hidden until it is finished.\nResume with:  ${commands.resume}\nor remove it: ${commands.abandon}\n`,
    );
    return { output: `Interrupted the import of ${basename(file)}; nothing of it is visible yet.`, exitCode: 130 };
  }
  progress.finish();
  const { sections: _sections, actions: _actions, ...header } = draft;
  const plan: Plan = { id: outcome.planId, ...header };
  if (options.json) return { output: JSON.stringify({ planId: plan.id, site: session.site.siteUrl, resumed: outcome.resumed, written: outcome.written, alreadyThere: outcome.alreadyThere, report }, null, 2), exitCode: 0 };
  const resumed = outcome.resumed
    ? `; resumed: ${outcome.alreadyThere.actions} actions and ${outcome.alreadyThere.updates} updates were already there and were not written again`
    : '';
  return { output: `${formatImportReport(plan, report)}\n  Written to ${session.site.siteUrl}${resumed} (${describeTally(session.tally)})`, exitCode: 0 };
}
