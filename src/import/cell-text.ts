import { Parser } from 'htmlparser2';
import { PlanError, type SourceLocation } from '../plan/errors.js';

/** Elements that end a paragraph: their content is a paragraph or list item of its own. */
const BLOCK = new Set(['p', 'div', 'li', 'br', 'tr', 'td', 'th', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote']);
/** Elements that carry code a browser would run: a plan document never has them, so their presence means tampering. */
const ACTIVE = new Set(['script', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'form', 'base', 'meta', 'link']);

function normalise(text: string): string {
  return text.replace(/[\u00a0\s]+/gu, ' ').trim();
}

/**
 * A cell's markup as text paragraphs: HTML (from the text export or Word) becomes text, never
 * markup; <p>, <li> and <br> are boundaries; "•" bullets written in text start list items.
 * Active content is refused with where it was, rather than quietly stripped.
 */
export function cellParagraphs(markup: string, at: SourceLocation = {}): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let unsafe: string | null = null;
  let skipDepth = 0;
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
        for (const [attr, value] of Object.entries(attributes)) {
          if (/^on/i.test(attr)) unsafe ??= `an ${attr}= attribute on <${name}>`;
          if (/^\s*(javascript|vbscript|data):/i.test(value) && /^(href|src|action|formaction|xlink:href)$/i.test(attr)) unsafe ??= `a ${value.split(':')[0]}: link`;
        }
        if (name === 'style') skipDepth += 1;
        if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth === 0) current += text;
      },
      onclosetag(name) {
        if (name === 'style') skipDepth = Math.max(0, skipDepth - 1);
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
