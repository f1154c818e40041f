/**
 * Everything the command line prints for a person or a script goes out here, and plan content in it
 * is someone else's text: an escape sequence in a cell could recolour, rewrite or hide what the
 * operator sees, retitle the terminal, or ring its bell. Characters a terminal acts on are written
 * as \uXXXX, which a person reads as what was there, and which in --json output is the JSON escape
 * of that same character, so scripts still parse the exact text.
 */

/**
 * C0 controls but tab and newline (ESC starts every terminal sequence, BEL rings, CR overwrites the
 * line), DEL, the C1 controls (U+009B is a one-character CSI), and the bidi embeddings, overrides
 * and isolates, which reorder how the rest of a line reads.
 */
const ACTED_ON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(ACTED_ON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A command's output, on standard output. */
export function writeOutput(text: string, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(`${terminalSafe(text)}\n`);
}

/** Why a command failed, on standard error; messages quote plan content (titles, cells) too. */
export function writeFailure(message: string, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(`plan: ${terminalSafe(message)}\n`);
}
