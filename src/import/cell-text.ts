import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { PlanError, type SourceLocation } from '../plan/errors.js';

/** Elements that end a paragraph: their content is a paragraph or list item of its own. */
const BLOCK = new Set(['p', 'div', 'li', 'br', 'tr', 'td', 'th', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote']);
/** Elements that carry code a browser would run: a plan document never has them, so their presence means tampering. */
const ACTIVE = new Set(['script', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'form', 'base', 'meta', 'link']);
/** Elements whose content is styling, not text a reader sees. */
const HIDDEN = new Set(['style']);
const LINK_ATTRIBUTES = /^(href|src|action|formaction|xlink:href|data|codebase|background|poster|srcset)$/i;
/** Browsers ignore tabs, newlines and control characters inside a URL scheme ("jav&#9;ascript:"). */
const SCRIPT_SCHEME = /^(javascript|vbscript|livescript):/i;
/** A tag the parser might not finish (cut off at the end of the cell) is still an attempt. */
const RAW_ACTIVE_TAG = /<\s*(script|iframe|object|embed|applet)\b/i;

function normalise(text: string): string {
  return text.replace(/[\u00a0\s]+/gu, ' ').trim();
}

function unsafeAttribute(tag: string, attr: string, value: string): string | null {
  if (/^on/i.test(attr)) return `an ${attr}= attribute on <${tag}>`;
  const url = value.replace(/[\p{Cc}\s]+/gu, '');
  if (SCRIPT_SCHEME.test(url)) return `a ${url.split(':')[0]!.toLowerCase()}: link`;
  if (/^data:/i.test(url) && LINK_ATTRIBUTES.test(attr)) return 'a data: link';
  if (/^style$/i.test(attr) && /(expression\s*\(|javascript:|behavior\s*:)/i.test(value)) return `a style with script on <${tag}>`;
  return null;
}

/**
 * A cell's markup as text paragraphs: HTML (from the text export or Word) becomes text, never
 * markup. <p>, <li>, <div> and <br> are boundaries; <b>, <u>, <span> run inline; entities are
 * decoded; "•" bullets written in the text start list items of their own; whitespace is normalised.
 * Active content is refused with where it was, rather than quietly stripped: it means the document
 * was tampered with, and a silent strip would hide that.
 */
export function cellParagraphs(markup: string, at: SourceLocation = {}): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const rawTag = RAW_ACTIVE_TAG.exec(markup);
  let unsafe: string | null = rawTag ? `<${rawTag[1]!.toLowerCase()}>` : null;
  let hiddenDepth = 0;
  const flush = (): void => {
    for (const part of current.split(/\s*•\s*/u)) {
      const text = normalise(part);
      if (text) paragraphs.push(text);
    }
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (ACTIVE.has(name)) unsafe ??= `<${name}>`;
        for (const [attr, value] of Object.entries(attributes)) unsafe ??= unsafeAttribute(name, attr, value);
        if (HIDDEN.has(name)) hiddenDepth += 1;
        if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (hiddenDepth === 0) current += text;
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(markup);
  parser.end();
  flush();
  if (unsafe) {
    throw new PlanError('import_unsafe_content', `the cell contains ${unsafe}; plan documents hold text, tables and lists, never scripts or active content, so nothing was imported`, { at });
  }
  return paragraphs;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Lines of plain text (a CSV or Excel cell's, a Word cell's paragraphs) as the cell markup the
 * readers share: a paragraph each, empty ones dropped, "<" and "&" kept as text.
 */
export function linesAsMarkup(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/**
 * A cell's markup as one line of plain text, for judging a row (is it a header, a key, empty?):
 * tags become spaces, entities their characters ("&lt;" is "<"), whitespace one space. The cell's
 * paragraphs for the plan itself come from cellParagraphs, which also refuses active content.
 */
export function plainText(markup: string): string {
  return decodeHTML(markup.replace(/<[^>]*>/g, ' ')).replace(/[\s\u00a0]+/g, ' ').trim();
}
