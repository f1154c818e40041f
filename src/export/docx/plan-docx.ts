import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, TextRun } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describeReducedDate, type DateOnly } from '../../plan/calendar-date.js';
import type { ActionWithUpdates, ColumnRole, PlanDocument, Section } from '../../plan/plan.js';
import { parseRagLegend, type RagLegendEntry } from '../../plan/rag.js';
import { exportColumns, type ExportColumn } from '../export-columns.js';
import { describeExportOptions, type ExportOptions } from '../export-options.js';
import { selectForExport, type ExportSelection } from '../export-selection.js';
import { fillOfEntry, keyOf, ragLook, readableOn } from '../rag-look.js';
import { updateParagraphs } from '../update-text.js';
import { newVersion, versionCells, versionColumns, type NewVersion } from '../version-entry.js';
import { xmlSafe, xmlText } from '../xml-safe.js';
import { heading, paragraph, table, type Cell, type Row } from './wordml.js';

export interface DocxExport {
  doc: PlanDocument;
  options: ExportOptions;
  /** The plan's today, for "since the last meeting" and the version's date. */
  today: DateOnly;
  /** When the document is made (ISO 8601), its created and modified properties. */
  now: string;
}

/**
 * The plan as the Word document boards circulate: title and subtitle, the RAG key, each section
 * with its heading, description and a table under the plan's own column headings, and the
 * Version Control Record with a row for this version. Landscape, as plan tables are wide. Made
 * to be read back by the importer as the same plan, and to pass an accessibility check: Title and
 * Heading styles, header rows marked to repeat on each page, title and language (en-GB) set, RAG
 * always in words beside its shading.
 */
export async function writePlanDocx(input: DocxExport): Promise<Uint8Array> {
  const selection = selectForExport(input.doc, input.options, input.today);
  const version = newVersion(input.doc, input.today);
  const title = xmlSafe(selection.plan.title);
  const body = [...opening(selection, version, input.today), ...key(selection.plan.ragLegend), ...sections(selection), ...versionRecord(input.doc, version), paragraph('')].join('');
  return wordDocument(title, `${title} · version ${version.version}`, input.now, body);
}

/**
 * A whole Word document from a body of WordprocessingML (wordml.ts) in the package every export
 * shares, so the annual report is as accessible as the plan: its footer says `footer` before the
 * page number.
 */
export async function wordDocument(title: string, footer: string, now: string, body: string): Promise<Uint8Array> {
  const shell = await packageShell(title, footer, now);
  const files = unzipSync(shell);
  const xml = strFromU8(files['word/document.xml']!);
  const open = xml.indexOf('<w:body>') + '<w:body>'.length;
  files['word/document.xml'] = strToU8(`${xml.slice(0, open)}${body}${xml.slice(xml.indexOf('<w:sectPr', open))}`);
  return zipSync(files, { level: 6 });
}

/**
 * Everything of the package but the body, made by the docx library: styles (Title, Heading 1, the
 * default font and the en-GB language), the footer with page numbers, landscape A4, and the core
 * properties.
 */
async function packageShell(title: string, footer: string, now: string): Promise<Uint8Array> {
  const document = new Document({
    title,
    creator: 'Action plans in Teams',
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20, language: { value: 'en-GB' } } },
        title: { run: { font: 'Arial', size: 36, bold: true, color: '1F3864' } },
        heading1: { run: { font: 'Arial', size: 28, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 22, color: '404040' }, paragraph: { spacing: { after: 160 } } },
        // The footer's page number is a field of its own runs: only a style sizes them with the words.
        { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: '404040' } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ style: 'Footer', alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [`${footer} · page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children: [new Paragraph('')],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: coreProperties(title, now) }]));
}

/** Usable width of a landscape A4 page inside half-inch margins, in twentieths of a point. */
const PAGE_WIDTH = 16838 - 2 * 720;

/** How wide each column is, relative to the others: prose and updates take the room, refs and RAG little. */
const WEIGHT: Record<ColumnRole, number> = { ref: 5, action: 20, outcome: 15, lead: 11, timescale: 11, updates: 29, rag: 9, sources: 9 };

export const HEADER_FILL = 'D9E2F3';

/** Column widths filling the page, in proportion to their weights. */
export function widthsOf(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((PAGE_WIDTH * w) / total));
}

function opening(selection: ExportSelection, version: NewVersion, today: DateOnly): string[] {
  const { plan } = selection;
  const count = selection.actions.length;
  const subtitle = [
    `Version ${version.version}, ${describeReducedDate(today)}`,
    `${count} ${count === 1 ? 'action' : 'actions'}`,
    ...describeExportOptions(selection.options, selection.updatesSince),
  ].join(' · ');
  const described = plan.description
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !isKeyLine(p, plan.ragLegend));
  return [heading(plan.title, 'Title'), paragraph(subtitle, {}, 'Subtitle'), ...described.flatMap((p) => p.split('\n').map((line) => paragraph(line)))];
}

/** A line of the description that only states the key: the key table says it, once. */
function isKeyLine(text: string, legend: readonly RagLegendEntry[]): boolean {
  const entries = parseRagLegend(text);
  return entries.length > 0 && entries.every((e) => legend.some((l) => l.colour === e.colour && l.meaning === e.meaning));
}

function key(legend: readonly RagLegendEntry[]): string[] {
  const rows = keyOf(legend).map((entry): Row => {
    const fill = fillOfEntry(entry);
    return { keepTogether: true, cells: [{ lines: [entry.colour], fill, look: { bold: true, colour: fill === null ? '000000' : readableOn(fill) } }, { lines: [entry.meaning] }] };
  });
  return [heading('RAG key', 'Heading1'), table(['RAG', 'Meaning'], widthsOf([1, 4]), rows, HEADER_FILL)];
}

/** A section's heading as the importer reads it back: "Priority 2: Title", "1. Title", or its title alone. */
export function sectionHeading(section: Pick<Section, 'number' | 'label' | 'title'>): string {
  if (section.number === null) return section.title;
  if (section.label) {
    const bare = `${section.label} ${section.number}`;
    return section.title === bare ? bare : `${bare}: ${section.title}`;
  }
  return `${section.number}. ${section.title}`;
}

function sections(selection: ExportSelection): string[] {
  const { plan, actions } = selection;
  if (actions.length === 0) {
    const narrowed = describeExportOptions({ ...selection.options, updates: { kind: 'all' } }, null);
    return [paragraph(narrowed.length > 0 && selection.actionsLeftOut > 0 ? `No actions of this plan match: ${narrowed.join(', ')}.` : 'This plan has no actions.')];
  }
  const hasContent = (role: ColumnRole): boolean => actions.some((a) => cellLines(a, role, false).some((l) => l !== ''));
  const columns = exportColumns(plan, hasContent);
  const sourcesInAction = !columns.some((c) => c.role === 'sources');
  const widths = widthsOf(columns.map((c) => WEIGHT[c.role]));
  const out: string[] = [];
  for (const section of selection.sections) {
    out.push(heading(sectionHeading(section), 'Heading1'));
    for (const p of section.description.split(/\n+/).filter((l) => l.trim() !== '')) out.push(paragraph(p));
    const own = actions.filter((a) => a.sectionId === section.id);
    if (own.length === 0) continue;
    const rows = own.map((a) => actionRow(a, columns, plan.ragLegend, sourcesInAction));
    out.push(table(columns.map((c) => c.heading), widths, rows, HEADER_FILL));
  }
  return out;
}

function actionRow(action: ActionWithUpdates, columns: readonly ExportColumn[], legend: readonly RagLegendEntry[], sourcesInAction: boolean): Row {
  return {
    cells: columns.map((c): Cell => {
      if (c.role !== 'rag') return { lines: cellLines(action, c.role, sourcesInAction) };
      const look = ragLook(action.rag, legend);
      return { lines: [look.word], fill: look.fill, look: { bold: true, colour: look.text } };
    }),
  };
}

/** What a cell of an action's row says, one string per paragraph, as the importer reads each column. */
function cellLines(action: ActionWithUpdates, role: ColumnRole, sourcesInAction: boolean): string[] {
  const lines = (text: string): string[] => text.split(/\n+/).filter((l) => l.trim() !== '');
  switch (role) {
    case 'ref':
      return [[action.ref, ...action.markers].join(' ')];
    case 'action':
      return [...lines(action.text), ...(sourcesInAction ? action.sources : [])];
    case 'outcome':
      return lines(action.outcome);
    case 'lead':
      return lines(action.leadsText);
    case 'timescale':
      return [action.timescale.asWritten];
    case 'updates':
      return action.updates.flatMap(updateParagraphs);
    case 'rag':
      return [action.rag];
    case 'sources':
      return action.sources;
  }
}

function versionRecord(doc: PlanDocument, version: NewVersion): string[] {
  const record = doc.plan.versionRecord;
  const columns = versionColumns(record);
  const widths = widthsOf(columns.map((c) => (/^(version|ver|issue|revision|date|time)/i.test(c) ? 1 : /author/i.test(c) ? 2 : 6)));
  const rows = [...record.map((e) => versionCells(columns, e)), versionCells(columns, version)].map((cells): Row => ({ keepTogether: true, cells: cells.map((text) => ({ lines: text.split(/\n+/) })) }));
  return [heading('Version Control Record', 'Heading1'), table(columns, widths, rows, HEADER_FILL)];
}

/**
 * The package's core properties written whole: docx stamps its own clock's time there and has no
 * place for the language, which screen readers and accessibility checkers read from dc:language.
 */
function coreProperties(title: string, now: string): string {
  const instant = now.replace(/\.\d+Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>Action plans in Teams</dc:creator><dc:language>en-GB</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${instant}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${instant}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

