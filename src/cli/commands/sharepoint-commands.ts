import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { stopOnInterrupt } from '../interrupt.js';
import { writeOutput } from '../terminal-output.js';
import { importToCommand, type ImportToOptions } from './import-to-command.js';
import { migrateCommand, type MigrateOptions } from './migrate-command.js';
import { provisionCommand, type CommandResult, type ProvisionOptions } from './provision-command.js';

function print(result: CommandResult): void {
  writeOutput(result.output);
  if (result.exitCode !== 0) process.exitCode = result.exitCode;
}

/** The SQLite file the global --db option (or PLAN_DB) names: migrations read it, journals sit beside it. */
function database(program: Command, context: CliContext): { dbPath: string; dbGiven: boolean } {
  const { db } = program.opts<{ db?: string }>();
  return { dbPath: context.sqlitePath(db), dbGiven: db !== undefined };
}

/** `plan import FILE --to ...`: the import command's route when a store is named. */
export async function runImportTo(program: Command, context: CliContext, file: string, options: ImportToOptions): Promise<void> {
  // A SQLite import is one transaction: Ctrl-C ends it as usual, and nothing of it remains.
  const interrupt = options.to === 'sharepoint' ? stopOnInterrupt() : null;
  try {
    print(await importToCommand(file, options, { sharePoint: context.sharePoint, author: context.localUserName, ...database(program, context), stderr: process.stderr, now: new Date(), ...(interrupt && { signal: interrupt.signal }) }));
  } finally {
    interrupt?.dispose();
  }
}

/** `plan provision` and `plan migrate`, registered on the main program. */
export function registerSharePointCommands(program: Command, context: CliContext): void {
  program
    .command('provision')
    .description('make a SharePoint site ready for plans: lists, columns, indexes and views (safe to run again)')
    .option('--site <url|id>', 'the site URL or Graph site id (default $SHAREPOINT_SITE)')
    .option('--json', 'the report as JSON')
    .action(async (options: ProvisionOptions) => print(await provisionCommand(options, context.sharePoint(options.site), process.stderr)));

  program
    .command('migrate')
    .description('move plans from the local SQLite store to SharePoint, each all or nothing; interruptible and resumable')
    .requiredOption('--from <store>', 'sqlite')
    .requiredOption('--to <store>', 'sharepoint')
    .option('--plan <id>', 'one plan (default: every plan, or with --resume every unfinished one)')
    .option('--site <url|id>', 'the site URL or Graph site id (default $SHAREPOINT_SITE)')
    .option('--resume', 'finish a migration that was interrupted, writing nothing twice')
    .option('--abandon', 'remove what an unfinished migration wrote')
    .option('--json', 'the report as JSON')
    .action(async (options: MigrateOptions) => {
      const interrupt = stopOnInterrupt();
      try {
        print(await migrateCommand(options, { sharePoint: context.sharePoint, ...database(program, context), stderr: process.stderr, signal: interrupt.signal }));
      } finally {
        interrupt.dispose();
      }
    });
}
