/**
 * `npm run build`: the server, bot and command line as production runs them (bin/plan.js runs
 * dist/src/app/main.js when it is current). esbuild bundles our modules, with the small pure
 * JavaScript packages every start loads (zod, commander, croner), into ES modules split at each
 * dynamic import, so a command still loads only what it needs (no MSAL, Graph, bot or Word writer
 * for `plans`). A start then reads a handful of files instead of some 160 (zod alone is 95), which
 * is most of what `plan plans` spent beyond `node -e 0` (BENCHMARKS.md, "Fast starts").
 * Every other package stays in node_modules: native ones (better-sqlite3) must, and the rest load
 * only with the commands and requests that use them. Type checking is `npm run lint`'s.
 *
 *   node bin/run-ts.js scripts/build-server.ts [--out DIR]    (DIR by default dist/)
 */
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

/** Packages bundled in: pure JavaScript, loaded by every start. */
const BUNDLED = /^(zod|commander|croner)(\/|$)/;

/** "@azure/msal-node" of "@azure/msal-node/x", "express" of "express". */
function packageOf(specifier: string): string {
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * Builds into DIR: DIR/src/app/main.js and its chunks beside it, and DIR/samples. The chunks sit two
 * folders under DIR as the sources sit under the project, so a module's path from import.meta.url
 * (the samples at ../../samples, the tab found by walking up to package.json) holds in both.
 * Returns the number of files and the packages the build imports from node_modules.
 */
export async function buildServer(root: string, out: string): Promise<{ files: number; packages: string[] }> {
  const app = join(out, 'src', 'app');
  // What an earlier build left (tsc's one file per module, under src/ and bot/) goes first.
  for (const folder of ['src', 'bot']) rmSync(join(out, folder), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/app/main.ts')],
    outdir: app,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Parsing is much of a start's cost: less text to parse is a faster start. Identifiers are not
    // shortened, so stack traces stay readable (and the linked source maps give the sources).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // commander is CommonJS: its require() calls need a require in an ES module.
    banner: { js: "import { createRequire as __planCreateRequire } from 'node:module'; const require = __planCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: 'packages-outside',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') || BUNDLED.test(args.path) ? undefined : { path: args.path, external: true }));
        },
      },
      {
        // zod's namespace carries every language's error messages (z.locales, some 40% of its
        // source), all parsed at each start. We use none but English, which zod sets itself
        // from locales/en.js; the rest are left out of the bundle.
        name: 'zod-english-only',
        setup(builder) {
          builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js' }));
        },
      },
    ],
  });
  cpSync(join(root, 'samples'), join(out, 'samples'), { recursive: true });
  const outputs = Object.values(result.metafile.outputs);
  const externals = outputs.flatMap((output) => output.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => packageOf(i.path)));
  return { files: Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')).length, packages: [...new Set(externals)].sort() };
}

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist') } } });
  const started = performance.now();
  const { files } = await buildServer(root, resolve(values.out));
  console.log(`build: ${join(values.out, 'src/app/main.js')} and ${files - 1} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
