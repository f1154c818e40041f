/**
 * What a person typed to the bot in a chat: a command, or an update that may start with the ref of
 * the action it is for ("1.4 training delivered to 300 officers", "Action 4.2b: done", "1.4").
 */
export type ChatMessage =
  | { kind: 'help' }
  | { kind: 'my-actions' }
  | { kind: 'cancel' }
  /** "since last meeting", "digest", "what changed": the plan's digest, asked for in its channel. */
  | { kind: 'digest' }
  | { kind: 'empty' }
  /** "complete 1.4: every school has a named lead", "1.4 done - referrals up a third": closing an action, with what difference it made. */
  | { kind: 'complete'; ref: string; evidence: string }
  | {
      kind: 'update';
      /** The ref it starts with, as typed ("1.4", "4.2b"), or null. */
      ref: string | null;
      /** The words after the ref; the whole message when there is no ref. */
      text: string;
      /** The message as typed, for when the leading number turns out not to be an action's ref ("300 officers trained"). */
      whole: string;
    };

const HELP = /^(?:help|\?|what can you do|commands)$/i;
const MY_ACTIONS = /^(?:(?:show |list )?my actions?|actions)$/i;
const CANCEL = /^(?:cancel|never ?mind|forget it|stop)$/i;
const DIGEST = /^(?:(?:what(?:['’]s| has)? changed |changes )?since (?:the )?last meeting\??|digest|what(?:['’]s| has)? changed\??|changes)$/i;
const REF = String.raw`(?:(?:action|ref)\.?\s*)?#?([a-z]{0,4}\d+(?:\.\d+)*[a-z]?)`;
const SEPARATOR = String.raw`[\s:;,.\-–—]*`;
// "complete 1.4: ...", "mark 1.4 complete: ...", "1.4 complete - ...", "1.4 is done: ...".
const COMPLETE_FIRST = new RegExp(String.raw`^(?:mark\s+)?(?:complete|completed|close|closed|done)\s+${REF}(?=$|[\s:;,\-–—])${SEPARATOR}(.*)$`, 'is');
// After the ref, the word must end the message or be followed by a colon or dash: "1.4 done the training" is an update.
const COMPLETE_AFTER = new RegExp(String.raw`^(?:mark\s+)?${REF}\s+(?:is\s+|as\s+)?(?:complete|completed|closed|done)\.?(?=$|\s*[:;\-–—])${SEPARATOR}(.*)$`, 'is');

// The refs plans use (src/import/action-ref.ts): "1.4", "4.2b", "1a", "P1.2"; optionally after "action" or "ref",
// and followed by the end, a space or a separator so that "1.4million" is not read as a ref.
const LEADING_REF = /^(?:(?:action|ref)\.?\s*)?#?([a-z]{0,4}\d+(?:\.\d+)*[a-z]?)(?=$|[\s:;,)\-–—]|\.(?!\d))[\s:;,.)\-–—]*(.*)$/is;

/** Trailing full stops, exclamation marks and spaces do not change a command ("Help!", "my actions."). */
function commandForm(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[.!\s]+$/u, '');
}

export function readChatMessage(typed: string): ChatMessage {
  const whole = typed.replace(/^\s+|\s+$/gu, '');
  if (whole === '') return { kind: 'empty' };
  const command = commandForm(whole);
  if (HELP.test(command)) return { kind: 'help' };
  if (MY_ACTIONS.test(command)) return { kind: 'my-actions' };
  if (CANCEL.test(command)) return { kind: 'cancel' };
  if (DIGEST.test(command)) return { kind: 'digest' };
  const complete = COMPLETE_FIRST.exec(whole) ?? COMPLETE_AFTER.exec(whole);
  if (complete) return { kind: 'complete', ref: complete[1]!, evidence: complete[2]!.trim() };
  const m = LEADING_REF.exec(whole);
  if (!m) return { kind: 'update', ref: null, text: whole, whole };
  return { kind: 'update', ref: m[1]!, text: m[2]!.trim(), whole };
}

/** Refs compare without regard to case ("4.2B" is 4.2b). */
export function sameRef(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
