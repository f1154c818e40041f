// npm links the bins of dependencies into node_modules/.bin but never the project's own;
// link ours so that `npx plan ...` runs this checkout's CLI right after `npm install`.
import { mkdirSync, symlinkSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'plan.js');
const link = join(binDir, 'plan');
mkdirSync(binDir, { recursive: true });
rmSync(link, { force: true });
symlinkSync(relative(binDir, target), link);
chmodSync(target, 0o755);
