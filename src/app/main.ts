import type { CliContext } from '../cli/cli-context.js';
import { runCli } from '../cli/main.js';
import type { Settings } from './settings.js';

/*
 * The process's entry (bin/plan.js): the command line first, then the environment, read once, when
 * a command asks for its context. Only the command line's parser is loaded up front: `plan --help`
 * reads no settings and loads no adapter, and each command loads the adapters it touches (SQLite
 * for `plans`; MSAL and Graph for the directory; Express, then botbuilder, for `serve`), since a
 * start that loads them all takes seconds.
 */

/** What the command line is given: everything it would otherwise have read from the environment. */
async function cliContext(settings: Settings): Promise<CliContext> {
  const [{ resolveAppConfig }, { sharePointConfig }] = await Promise.all([import('../config/app-config.js'), import('../store/sharepoint/sharepoint-config.js')]);
  const { auth, sharePoint } = settings;
  return {
    sqlitePath: (db) => resolveAppConfig(settings.local, db !== undefined ? { dbPath: db } : {}).dbPath,
    store: (sqlitePath) => (settings.store.kind === 'sqlite' ? { kind: 'sqlite', path: sqlitePath } : { kind: 'sharepoint', sharepoint: settings.store.sharepoint }),
    sharePoint: (site) => sharePointConfig(sharePoint, auth, site !== undefined ? { site } : {}),
    localUserName: settings.local.localUserName,
    leads: async () => {
      const actor = settings.local.localUserName;
      if (!auth) return { directory: null, actor };
      const { appOnlyDirectory } = await import('../leads/app-directory.js');
      return { directory: () => appOnlyDirectory(auth, { graphBaseUrl: sharePoint.graphBaseUrl, authorityHost: sharePoint.authorityHost }), actor };
    },
    reminders: async () => {
      const canInstall = auth !== null && settings.reminders.sending.catalogAppId !== null;
      if (!auth?.bot) return { sending: null, canInstall };
      const [{ reminderSendingFor }, { systemClock }] = await Promise.all([import('./compose.js'), import('../config/today.js')]);
      return { sending: (store) => reminderSendingFor(settings, { store, clock: systemClock }), canInstall };
    },
    serve: async (options) => (await import('./serve.js')).serve(settings, options),
  };
}

let context: Promise<CliContext> | undefined;

await runCli(process.argv, () => {
  // Once per process: a SettingsError (an invalid or empty value) reaches the command line, which names it and exits 2.
  context ??= import('./settings.js').then(({ readSettings }) => cliContext(readSettings(process.env)));
  return context;
});
