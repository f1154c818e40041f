import type { ReadDocument } from '../../document-blocks.js';
import { readPackageParts } from '../ooxml-package.js';
import { PlanError } from '../../../plan/errors.js';
import { bodyBlocks } from './document-body.js';
import { readThemeColours } from '../office-theme.js';
import { readNumbering } from './word-numbering.js';
import { readStyles } from './word-styles.js';
import { child, parseXmlPart } from '../office-xml.js';

/**
 * A Word document read from its WordprocessingML: the body (word/document.xml) with the numbering,
 * styles and theme it refers to. Read directly, not through an HTML conversion, because shading,
 * font colour, automatic numbering and vertical merges are where real plans keep their RAG and refs.
 * A document without a numbering or styles part is read without them; a damaged one is refused.
 */
const PARTS = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/theme/theme1.xml'];

export async function readDocx(fileName: string, data: Uint8Array): Promise<ReadDocument> {
  const parts = readPackageParts(fileName, data, (name) => PARTS.includes(name), 'Word document');
  const documentXml = parts.get('word/document.xml');
  if (!documentXml) {
    throw new PlanError('import_unreadable_file', 'is not a readable Word document: it has no word/document.xml (the file may be damaged, or not saved by Word)', { at: { file: fileName } });
  }
  const optional = (part: string, root: string) => {
    const bytes = parts.get(part);
    return bytes ? parseXmlPart(fileName, part, bytes, root) : null;
  };
  const styles = readStyles(optional('word/styles.xml', 'w:styles'));
  const numbering = readNumbering(optional('word/numbering.xml', 'w:numbering'), styles);
  const theme = readThemeColours(optional('word/theme/theme1.xml', 'a:theme'));
  const body = child(parseXmlPart(fileName, 'word/document.xml', documentXml, 'w:document'), 'w:body');
  if (!body) throw new PlanError('import_unreadable_file', 'is not a readable Word document: word/document.xml has no body', { at: { file: fileName, part: 'word/document.xml' } });
  return { fileName, format: 'docx', blocks: bodyBlocks(body, { styles, numbering, theme }) };
}
