/**
 * Loader hooks that write every module a process resolves, one URL a line, to the file named in
 * their data: what a command loaded, whatever loads it (tsx's hooks, registered later, hand each
 * resolution on to these). Passed to node as `--import <the URL moduleRecorder gives>`.
 */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;

/** A data: URL for `node --import` that records each module the process resolves into FILE. */
export function moduleRecorder(file: string): string {
  const hooks = `data:text/javascript,${encodeURIComponent(HOOKS)}`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)}, import.meta.url, { data: { file: ${JSON.stringify(file)} } });`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

/** The packages among the recorded URLs: what loaded from node_modules. */
export function packagesLoaded(urls: readonly string[]): Set<string> {
  return new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
}
