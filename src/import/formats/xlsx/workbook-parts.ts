import type { Element } from 'domhandler';
import { DomUtils } from 'htmlparser2';
import { PlanError } from '../../../plan/errors.js';
import { readPackageParts } from '../ooxml-package.js';
import { readThemeColours, type ThemeColours } from '../office-theme.js';
import { parseXmlPart } from '../office-xml.js';
import { checkSheetSize } from './sheet-size.js';

/**
 * What a workbook package holds before any library loads it: each worksheet's name and part, the
 * theme's colours. Every part's inflated size is bounded while it inflates, and a sheet with more
 * rows than a plan has is refused here, so a hostile or runaway workbook never reaches exceljs.
 */
export interface WorkbookParts {
  theme: ThemeColours;
  /** The workbook's sheets in tab order; a chart sheet has no cells (exceljs does not load it). */
  sheets: { name: string; chart: boolean }[];
}

/** The named elements of an XML part already checked by parseXmlPart (no DOCTYPE). */
function elements(root: Element, name: string): Element[] {
  return DomUtils.getElementsByTagName(name, root.children, true);
}

export function checkWorkbookParts(fileName: string, data: Uint8Array): WorkbookParts {
  const parts = readPackageParts(
    fileName,
    data,
    (name) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || name === 'xl/theme/theme1.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(name),
    'Excel workbook',
    { everyPartRead: true },
  );
  const workbook = parts.get('xl/workbook.xml');
  if (!workbook) throw new PlanError('import_unreadable_file', 'is not a readable Excel workbook: it has no xl/workbook.xml (the file may be damaged)', { at: { file: fileName } });
  const workbookRoot = parseXmlPart(fileName, 'xl/workbook.xml', workbook, 'workbook');
  const rels = parts.get('xl/_rels/workbook.xml.rels');
  const relsRoot = rels ? parseXmlPart(fileName, 'xl/_rels/workbook.xml.rels', rels, 'Relationships') : null;
  const targets = new Map((relsRoot ? elements(relsRoot, 'Relationship') : []).map((r) => [r.attribs.Id ?? '', (r.attribs.Target ?? '').replace(/^\/?(xl\/)?/, 'xl/')]));
  const sheets: WorkbookParts['sheets'] = [];
  for (const sheet of elements(workbookRoot, 'sheet')) {
    const part = targets.get(sheet.attribs['r:id'] ?? '');
    const xml = part ? parts.get(part) : undefined;
    const name = sheet.attribs.name ?? part ?? '';
    if (part && xml) checkSheetSize(fileName, part, name, xml);
    sheets.push({ name, chart: part?.startsWith('xl/chartsheets/') ?? false });
  }
  const themeXml = parts.get('xl/theme/theme1.xml');
  return { sheets, theme: readThemeColours(themeXml ? parseXmlPart(fileName, 'xl/theme/theme1.xml', themeXml, 'a:theme') : null) };
}
