import { runCli } from '../cli/main.js';
import { writeFailure } from '../cli/terminal-output.js';
import { SettingsError } from '../config/settings-error.js';
import { cliContext } from './compose.js';
import { readSettings, type Settings } from './settings.js';

/** The process's entry (bin/plan.js): the environment read once, here, then the command line. */
let settings: Settings;
try {
  settings = readSettings(process.env);
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  writeFailure(error.message);
  process.exit(2);
}
await runCli(process.argv, cliContext(settings));
