import { Command, InvalidArgumentError } from 'commander';
import { ACTION_ORDERS } from '../plan/action-order.js';
import { SettingsError } from '../config/settings-error.js';
import { PlanError } from '../plan/errors.js';
import type { CliContext, LoadCliContext } from './cli-context.js';
import type { PlanStore } from '../store/plan-store.js';
import type { ShowOptions } from './commands/show-command.js';
import type { DueOptions } from './commands/due-command.js';
import type { RemindOptions } from './commands/remind-command.js';
import type { ExportOptions } from './commands/export-command.js';
import type { ReportOptions } from './commands/report-command.js';
import type { HistoryOptions } from './commands/history-command.js';
import type { MeetingsOptions } from './commands/meetings-command.js';
import type { ChangesOptions } from './commands/changes-command.js';
import type { SettingsOptions } from './commands/settings-command.js';
import type { LeadsOptions } from './commands/leads-command.js';
import { explainStoreFailure } from './store-failure.js';
import { writeFailure, writeOutput } from './terminal-output.js';

/*
 * Each command's module is imported when that command runs, not before: between them they load
 * MSAL, the Graph client, the Word and Excel writers and SQLite, which took `plan --help` over two
 * seconds when loaded up front. test/cli/lazy-loading.test.ts holds `--help` and `plans` to it.
 */

/**
 * The command argv names (`plan --db x show` is show, `plan help export` is export), read before
 * commander parses it: the few commands whose definitions need a heavy module are completed only
 * when they are the one named.
 */
function commandNamed(argv: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (let i = 2; i < argv.length && operands.length < 2; i += 1) {
    const arg = argv[i]!;
    if (arg === '--db') i += 1;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * SharePoint's failures in words that say what to do (sharepoint-failure.ts). That module knows
 * MSAL's errors, so it is loaded only when something other than our own errors was thrown.
 */
async function explainSharePointFailure(error: unknown): Promise<unknown> {
  if (error instanceof PlanError || error instanceof SettingsError) return error;
  return (await import('./sharepoint-failure.js')).explainSharePointFailure(error);
}

/** The texts of export's options that name the formats and update selections: their modules load the Word and Excel writers. */
async function exportOptionTexts(): Promise<{ formats: string; updates: string }> {
  const [{ EXPORT_FORMAT_NAMES }, { UPDATE_SELECTION_WORDS }] = await Promise.all([import('../export/export-formats.js'), import('../export/export-options.js')]);
  return { formats: EXPORT_FORMAT_NAMES.join(', '), updates: UPDATE_SELECTION_WORDS };
}

/** `plan provision` and `plan migrate` as `plan --help` lists them; the same words as sharepoint-commands.ts gives them (the lazy-loading test compares the two). */
const SHAREPOINT_COMMANDS = [
  ['provision', 'make a SharePoint site ready for plans: lists, columns, indexes and views (safe to run again)'],
  ['migrate', 'move plans from the local SQLite store to SharePoint, each all or nothing; interruptible and resumable'],
] as const;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** The command line: parses argv, runs the command with the context the composition root builds on first use, and sets the exit code. */
export async function runCli(argv: readonly string[], loadContext: LoadCliContext): Promise<void> {
  const named = commandNamed(argv);
  const exportTexts = named === 'export' ? await exportOptionTexts() : null;
  const program = new Command('plan')
    .description('Multi-agency action plans: import, query, remind, serve (local SQLite store unless configured otherwise)')
    .option('--db <path>', 'SQLite file to use (default $PLAN_DB or ./data/plans.db)')
    .showHelpAfterError();

  /** Opens the configured store (PLAN_STORE; the global --db names the SQLite file), runs a command, prints its output, and closes. */
  async function withStore(run: (store: PlanStore, now: Date, context: CliContext) => Promise<string>): Promise<void> {
    const context = await loadContext();
    const { db } = program.opts<{ db?: string }>();
    const dbPath = context.sqlitePath(db);
    try {
      const { openPlanStore } = await import('../store/open-store.js');
      const store = await openPlanStore(context.store(dbPath)).catch(async (error: unknown) => {
        throw await explainSharePointFailure(error);
      });
      try {
        writeOutput(await run(store, new Date(), context));
      } finally {
        await store.close();
      }
    } catch (error) {
      throw explainStoreFailure(error, dbPath);
    }
  }

  program
    .command('import')
    .description('bring in a plan document (Word .docx, Excel .xlsx, CSV, or the text export); all or nothing')
    .argument('<file>', 'the plan document')
    .option('--into <planId>', "the document is this plan's next version: add what is new, record what changed, delete nothing")
    .option('--dry-run', 'show what the import would do, and write nothing')
    .option('--as-new', 'add a new plan even when one with the same title is here')
    .option('--replace <planId>', 'replace this plan wholesale (its history from Teams is lost; prefer --into)')
    .option('--json', 'print the import report as JSON')
    .option('--to <store>', 'sqlite or sharepoint, whatever PLAN_STORE says')
    .option('--site <url|id>', 'with --to sharepoint: the site (default $SHAREPOINT_SITE)')
    .option('--resume', 'with --to sharepoint: finish an import that was interrupted')
    .option('--abandon', 'with --to sharepoint: remove what an unfinished import wrote')
    .action(
      async (file: string, options: { replace?: string; into?: string; dryRun?: boolean; asNew?: boolean; json?: boolean; to?: string; site?: string; resume?: boolean; abandon?: boolean }) => {
        if (options.to === undefined) {
          return withStore(async (store, now, context) => (await import('./commands/import-command.js')).importCommand(store, file, { ...options, author: context.localUserName }, now));
        }
        const [{ runImportTo }, context] = await Promise.all([import('./commands/sharepoint-commands.js'), loadContext()]);
        return runImportTo(program, context, file, { ...options, to: options.to });
      },
    );

  program
    .command('plans')
    .description('list the plans in the store')
    .option('--json', 'JSON for scripts')
    .action((options: { json?: boolean }) => withStore(async (store) => (await import('./commands/plans-command.js')).plansCommand(store, options)));

  program
    .command('show')
    .description("a plan's actions, filtered as the tab and the API filter them")
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--lead <name>', 'actions led by this person or group')
    .option('--section <number>', 'one section or priority')
    .option('--rag <values>', 'comma-separated: Red,Amber,Green,Complete,"Not set"')
    .option('--overdue', 'due date passed and not complete')
    .option('--due-before <date>', 'due on or before YYYY-MM-DD')
    .option('--changed-since <date>', 'updated or changed on or after YYYY-MM-DD')
    .option('--text <words>', 'free text over ref, action, outcome, leads and updates')
    .option('--today <date>', 'the day "overdue" is judged on (default: today in the plan\'s time zone)')
    .option('--order <order>', `${ACTION_ORDERS.join(', ')} (default plan)`)
    .option('--json', 'JSON for scripts')
    .action((options: ShowOptions) => withStore(async (store, now) => (await import('./commands/show-command.js')).showCommand(store, options, now)));

  program
    .command('history')
    .description("an action's record in order: its dated updates and every change, request and answer, with who and where")
    .argument('<ref>', 'the action, as the plan numbers it (1.4, 2.3b)')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--json', 'JSON for scripts')
    .action((ref: string, options: HistoryOptions) => withStore(async (store, now) => (await import('./commands/history-command.js')).historyCommand(store, ref, options, now)));

  program
    .command('changes')
    .description('what changed since the last meeting: new updates, RAG was/now, timescales moved, newly overdue, completed')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--since <date>', 'from this day, YYYY-MM-DD, instead of the last meeting')
    .option('--format <format>', 'text (default), markdown (a short summary to paste into an agenda or a channel), json, or docx (a short Word document)')
    .option('--out <file>', 'write to this file (text formats: instead of standard output; Word: default a file named from the day and the plan\'s title)')
    .option('--json', 'JSON for scripts')
    .action((options: ChangesOptions) => withStore(async (store, now) => (await import('./commands/changes-command.js')).changesCommand(store, options, now)));

  program
    .command('meetings')
    .description("the plan's meeting dates, from which \"since the last meeting\" counts: list, add YYYY-MM-DD, remove YYYY-MM-DD")
    .argument('[action]', 'list, add or remove', 'list')
    .argument('[date]', 'the meeting day, YYYY-MM-DD')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--title <name>', 'with add: the group that meets ("Partnership Board")')
    .option('--json', 'JSON for scripts')
    .action((action: string, date: string | undefined, options: MeetingsOptions) => {
      if (action !== 'list' && action !== 'add' && action !== 'remove') throw new InvalidArgumentError(`plan meetings takes list, add or remove, not "${action}"`);
      return withStore(async (store, now) => (await import('./commands/meetings-command.js')).meetingsCommand(store, action, date, options, now));
    });

  program
    .command('settings')
    .description("the plan's owner, whether the owner approves closures and new timescales, and how leads are told a reminder is due")
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--owner <name>', 'the plan owner, as a name the plan\'s leads confirm or an Entra object id ("" for none)')
    .option('--owner-approves <yes|no>', 'leads propose completion and ask for new timescales; the owner decides')
    .option('--lead-notice <card|activity-feed>', "how a lead is told a reminder is due: a card in their chat with the bot, or Teams' activity feed (the card only when the feed cannot reach them)")
    .option('--json', 'JSON for scripts')
    .action((options: SettingsOptions) => withStore(async (store) => (await import('./commands/settings-command.js')).settingsCommand(store, options)));

  program
    .command('due')
    .description('which leads the reminder sweep would remind, and why (sends nothing)')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--on <date>', 'the day to judge, YYYY-MM-DD (default: today in the plan\'s time zone)')
    .option('--json', 'JSON for scripts')
    .action((options: DueOptions) => withStore(async (store, now) => (await import('./commands/due-command.js')).dueCommand(store, options, now)));

  program
    .command('remind')
    .description('run the reminder sweep now: one card per lead in Teams (needs the bot registration), or --dry-run to see who would get what')
    .option('--plan <id>', 'only this plan (default: every plan)')
    .option('--dry-run', 'claim and send nothing; show who would be reminded, how and why')
    .option('--on <date>', 'the day to judge, YYYY-MM-DD (default: today in each plan\'s time zone)')
    .option('--json', 'JSON for scripts')
    .action((options: RemindOptions) =>
      withStore(async (store, _now, context) => (await import('./commands/remind-command.js')).remindCommand(store, options, { delivery: await context.reminders() })),
    );

  program
    .command('export')
    .description('the plan as JSON for scripts or as the board\'s Word document (see README: "Export format")')
    // Only `plan export --help` shows these texts, and only then are they read (exportTexts).
    .requiredOption('--format <format>', exportTexts?.formats ?? 'the format')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--out <file>', 'write to this file (JSON: instead of standard output; Word: default a file named from the plan\'s title)')
    .option('--updates <which>', `which updates each action carries: ${exportTexts?.updates ?? 'all, ...'} (default all)`)
    .option('--lead <name>', "only this lead's actions")
    .option('--agency <agency>', "only this agency's actions (Police, Health, Children's Social Care, Education, ...), read from the leads")
    .option('--without-closed', 'leave out closed actions')
    .option('--rows <kind>', 'CSV only: a row per action (actions, the default) or per update (updates)')
    .action((options: ExportOptions) => withStore(async (store, now) => (await import('./commands/export-command.js')).exportCommand(store, options, now)));

  program
    .command('report')
    .description("the annual report pack as a Word document: a financial year's completed actions and their impact, actions carried forward, RAG at its start and end, each agency's actions and updates")
    .requiredOption('--year <YYYY-YY>', 'the financial year, 1 April to 31 March, such as 2025-26')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--out <file>', 'write to this file (default a file named from the plan\'s title and the year)')
    .action((options: ReportOptions) => withStore(async (store, now) => (await import('./commands/report-command.js')).reportCommand(store, options, now)));

  program
    .command('leads')
    .description('who each lead is in Entra ID: list, match through the directory, confirm, unset')
    .option('--plan <id>', 'plan id (needed when there are several)')
    .option('--match', 'search the directory for leads not confirmed yet and store its suggestions')
    .option('--confirm <lead>', 'confirm the suggestion for this lead, or the person or group given')
    .option('--user <id|mail>', 'with --confirm: this user')
    .option('--group <id>', 'with --confirm: this group')
    .option('--contact <mail>', 'with --confirm: this named contact answers for the lead')
    .option('--email <address>', 'with --confirm: the lead has no account in the tenant (not even as a guest) and is reminded by email at this address')
    .option('--confirm-all-suggested', 'confirm every suggestion as it stands')
    .option('--unset <lead>', 'forget who this lead is')
    .option('--fill-leads-column', "SharePoint: put each action's confirmed leads in the Leads Person column again (done after every change)")
    .option('--by <name>', 'who confirms (default $PLAN_LOCAL_USER)')
    .option('--json', 'JSON for scripts')
    .action((options: LeadsOptions) => withStore(async (store, now, context) => (await import('./commands/leads-command.js')).leadsCommand(store, options, now, await context.leads())));

  // Their real definitions (sharepoint-commands.ts) load the Graph pipeline and MSAL; registered below, in the try, when one of them is named.
  const sharePointNamed = SHAREPOINT_COMMANDS.some(([name]) => name === named);
  // Both take --json, so the listing shows them with [options] as their real definitions do.
  if (!sharePointNamed) for (const [name, description] of SHAREPOINT_COMMANDS) program.command(name).description(description).option('--json', 'the report as JSON');

  program
    .command('serve')
    .description('start the server: JSON API, tab and bot endpoint, on 127.0.0.1 in local mode')
    .option('--host <host>', 'address to bind (default $PLAN_HOST or 127.0.0.1)')
    .option('--port <port>', 'port (default $PLAN_PORT or 3978)', port)
    .option('--seed-samples', 'import the sample plans when the store is empty')
    .action(async (options: { host?: string; port?: number; seedSamples?: boolean }) => {
      const { db } = program.opts<{ db?: string }>();
      return (await loadContext()).serve({ ...options, ...(db !== undefined && { db }) });
    });

  try {
    if (sharePointNamed) {
      const [{ registerSharePointCommands }, context] = await Promise.all([import('./commands/sharepoint-commands.js'), loadContext()]);
      registerSharePointCommands(program, context);
    }
    await program.parseAsync(argv);
  } catch (thrown) {
    const err = await explainSharePointFailure(thrown);
    if (err instanceof PlanError) {
      writeFailure(err.message);
      process.exitCode = err.code === 'invalid_input' ? 2 : 1;
    } else if (err instanceof SettingsError) {
      writeFailure(err.message);
      process.exitCode = 2;
    } else {
      throw err;
    }
  }
}
