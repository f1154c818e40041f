/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return;
 * U+FFFE and U+FFFF; halves of a surrogate pair standing alone. A cell pasted from another system
 * can hold them (a form feed, a vertical tab from Excel's line breaks), and a single one makes Word
 * refuse the whole document as corrupt, so every text written into a document passes through here.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with what XML cannot hold removed; a vertical tab or form feed (a line break elsewhere) becomes a space. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u000B\u000C]/g, ' ').replace(XML_INVALID, '');
}

/** Text escaped for an XML element's content, for the few parts written by hand. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
