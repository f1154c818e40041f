import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { PlanError } from '../../plan/errors.js';

/*
 * Office Open XML parts (Word's and Excel's) as element trees. htmlparser2 in XML mode never
 * fetches or expands a DTD, and a part that declares one is refused outright: no Office application
 * writes a DOCTYPE, so one means a crafted file (external entities, entity expansion).
 */

export type XmlElement = Element;

const decoder = new TextDecoder('utf-8');

/** The part's root element, checked to be the one expected ("w:document", "w:numbering"). */
export function parseXmlPart(fileName: string, part: string, bytes: Uint8Array, root: string): XmlElement {
  const text = decoder.decode(bytes);
  const doc = parseDocument(text, { xmlMode: true });
  const refuse = (why: string): never => {
    const kind = part.startsWith('xl/') ? 'Excel workbook' : 'Word document';
    throw new PlanError('import_unreadable_file', `is not a readable ${kind}: ${part} ${why}`, { at: { file: fileName, part } });
  };
  if (doc.children.some((n) => n.type === 'directive' && /^!doctype/i.test(n.name))) refuse('declares a DOCTYPE, which Word never writes; the file was not read');
  const top = doc.children.find((n): n is Element => n.type === 'tag');
  if (!top || top.name !== root) return refuse(`does not hold a <${root}> element`);
  // The parser closes what a truncated part leaves open; a real part ends with its root's closing tag.
  if (!new RegExp(`</${root}>\\s*$`).test(text)) refuse(`is not well-formed XML: it ends before its closing </${root}> tag`);
  return top;
}

export function isElement(node: ChildNode): node is Element {
  return node.type === 'tag';
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter(isElement);
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((n): n is Element => isElement(n) && n.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((n): n is Element => isElement(n) && n.name === name) : [];
}

/** A w: attribute's value ("w:val"), or undefined. */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attribs[name];
}

/** A child's w:val, as Word writes most properties (<w:gridSpan w:val="3"/>). */
export function childVal(el: XmlElement | undefined, name: string): string | undefined {
  return attr(child(el, name), 'w:val');
}

export function intVal(el: XmlElement | undefined, name: string): number | undefined {
  const v = childVal(el, name);
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** The direct text of an element (a <w:t>'s content). */
export function textOf(el: XmlElement): string {
  return el.children.map((n) => (n.type === 'text' ? n.data : '')).join('');
}
