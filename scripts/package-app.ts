/**
 * npm run package:app — builds the Teams app package from manifest/manifest.template.json:
 * fills it from the environment (PLAN_PUBLIC_URL, GRAPH_CLIENT_ID, BOT_ID, TAB_APP_ID_URI, ...),
 * validates it against the official schema bundled in @microsoft/app-manifest and Teams' own rules,
 * and writes dist/app-package/ (manifest.json and icons) and dist/plan-teams-app.zip.
 *
 *   node bin/run-ts.js scripts/package-app.ts [--out-dir DIR] [--zip FILE]
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage, writeAppPackage } from './app-package/build-app-package.js';
import { AppPackageError } from './app-package/manifest-problem.js';
import { PackageSettingsError, readPackageSettings } from './app-package/package-settings.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string', default: join(root, 'dist', 'app-package') },
    zip: { type: 'string', default: join(root, 'dist', 'plan-teams-app.zip') },
  },
});

try {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const settings = readPackageSettings(process.env, { appVersion: version });
  const pkg = await buildAppPackage(join(root, 'manifest', 'manifest.template.json'), settings);
  const out = { dir: resolve(values['out-dir']), zipPath: resolve(values.zip) };
  await writeAppPackage(pkg, out);
  console.log(`Teams app ${settings.teamsAppId} version ${settings.appVersion}: tab on ${settings.publicUrl}/tab/, bot ${settings.botId}, SSO ${settings.appIdUri}`);
  console.log(`valid against the official v${pkg.manifestVersion} schema and Teams' rules; wrote ${relative(process.cwd(), out.dir) || '.'}/ and ${relative(process.cwd(), out.zipPath)}`);
  console.log('Upload the zip in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.');
} catch (error) {
  if (error instanceof PackageSettingsError || error instanceof AppPackageError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
