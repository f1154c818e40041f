import { AGENCIES } from '../../plan/agency.js';
import { annualReport, type AnnualReport } from '../../plan/annual-report.js';
import { describeReducedDate, type DateOnly } from '../../plan/calendar-date.js';
import type { PlanDocument } from '../../plan/plan.js';
import { RAG_VALUES, type Rag, type RagLegendEntry } from '../../plan/rag.js';
import { xmlSafe } from '../xml-safe.js';
import { ragLook } from '../rag-look.js';
import { updateParagraphs } from '../update-text.js';
import { HEADER_FILL, widthsOf, wordDocument } from './plan-docx.js';
import { heading, paragraph, table, type Cell, type Row } from './wordml.js';

export interface AnnualReportDocx {
  doc: PlanDocument;
  /** "2025-26". */
  year: string;
  /** The plan's today: a year still running is read up to it. */
  today: DateOnly;
  /** When the document is made (ISO 8601). */
  now: string;
}

/** The document's title, which is also the file's name: "Annual report 2025-26: CSE action plan", the year first so a long title cannot cut it off. */
export function annualReportTitle(planTitle: string, year: string): string {
  return `Annual report ${year}: ${planTitle}`;
}

/**
 * The annual report pack as a Word document, made as accessibly as the plan's export (the same
 * package: Title and Heading styles, header rows, title and en-GB set) and always saying a RAG in
 * words beside its shading. Each part says so when it has nothing to list, so a reader never
 * wonders whether a table went missing.
 */
export async function writeAnnualReportDocx(input: AnnualReportDocx): Promise<Uint8Array> {
  const report = annualReport(input.doc, input.year, input.today);
  const legend = input.doc.plan.ragLegend;
  const title = xmlSafe(annualReportTitle(report.planTitle, report.year.label));
  const body = [...opening(report, title), ...completed(report), ...carried(report, legend), ...ragAcross(report, legend), ...agencies(report, legend), paragraph('')].join('');
  return wordDocument(title, title, input.now, body);
}

const day = (d: DateOnly): string => describeReducedDate(d);
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function ragCell(rag: Rag, legend: readonly RagLegendEntry[]): Cell {
  const look = ragLook(rag, legend);
  return { lines: [look.word], fill: look.fill, look: { bold: true, colour: look.text } };
}

function opening(report: AnnualReport, title: string): string[] {
  const { year, asAt } = report;
  const period = `${day(year.start)} to ${day(year.end)}${asAt < year.end ? ` (the year so far, to ${day(asAt)})` : ''}`;
  const summary = [
    `${count(report.completed.length, 'action')} completed in the year`,
    `${count(report.carriedForward.length, 'action')} carried forward`,
    `${count(report.agencies.length, 'agency', 'agencies')} leading actions`,
  ].join(' · ');
  return [heading(title, 'Title'), paragraph(period, {}, 'Subtitle'), paragraph(summary)];
}

function completed(report: AnnualReport): string[] {
  const out = [heading('Actions completed in the year, with their impact', 'Heading1')];
  if (report.completed.length === 0) return [...out, paragraph('No action was completed in the year.')];
  const rows = report.completed.map((a): Row => ({ cells: [{ lines: [a.ref] }, { lines: [a.title] }, { lines: [day(a.completedOn)] }, { lines: [a.evidence ?? 'No evidence was recorded.'] }, { lines: [a.agencies.join(', ')] }] }));
  return [...out, table(['Ref', 'Action', 'Completed', 'Impact evidence', 'Agencies'], widthsOf([5, 25, 12, 42, 16]), rows, HEADER_FILL)];
}

function carried(report: AnnualReport, legend: readonly RagLegendEntry[]): string[] {
  const out = [heading('Actions carried forward', 'Heading1')];
  if (report.carriedForward.length === 0) return [...out, paragraph('Every action was closed by the end of the year.')];
  const rows = report.carriedForward.map((a): Row => ({
    cells: [{ lines: [a.ref] }, { lines: [a.title] }, ragCell(a.rag, legend), { lines: [a.status] }, { lines: [a.timescale] }, { lines: [a.lateness ?? ''] }],
  }));
  return [...out, paragraph(`As they stood on ${day(report.asAt)}.`), table(['Ref', 'Action', 'RAG', 'Status', 'Timescale', 'Lateness'], widthsOf([5, 40, 10, 12, 15, 18]), rows, HEADER_FILL)];
}

function ragAcross(report: AnnualReport, legend: readonly RagLegendEntry[]): string[] {
  const start = `RAG on ${day(report.year.start)}`;
  const end = `RAG on ${day(report.asAt)}`;
  const totals = RAG_VALUES.filter((r) => report.ragTotals.start[r] + report.ragTotals.end[r] > 0).map(
    (r): Row => ({ keepTogether: true, cells: [ragCell(r, legend), { lines: [String(report.ragTotals.start[r])] }, { lines: [String(report.ragTotals.end[r])] }] }),
  );
  const out = [heading('RAG at the start and end of the year', 'Heading1')];
  if (report.rag.length === 0) return [...out, paragraph('The plan had no actions in the year.')];
  const rows = report.rag.map((a): Row => ({ cells: [{ lines: [a.ref] }, { lines: [a.title] }, a.start === null ? { lines: ['New in the year'] } : ragCell(a.start, legend), ragCell(a.end, legend)] }));
  return [
    ...out,
    table(['RAG', 'Actions at the start', 'Actions at the end'], widthsOf([1, 1, 1]), totals, HEADER_FILL),
    paragraph(''),
    table(['Ref', 'Action', start, end], widthsOf([5, 55, 20, 20]), rows, HEADER_FILL),
  ];
}

function agencies(report: AnnualReport, legend: readonly RagLegendEntry[]): string[] {
  const out = [heading('Each agency’s actions and updates', 'Heading1'), paragraph(`Agencies are read from each action’s leads (${AGENCIES.slice(0, 4).join(', ')}, ...); an action led jointly is listed under each.`)];
  if (report.agencies.length === 0) return [...out, paragraph('No action names a lead.')];
  for (const agency of report.agencies) {
    out.push(heading(`${agency.agency}: ${count(agency.actions.length, 'action')}, ${count(agency.updateCount, 'update')} in the year`, 'Heading2'));
    const rows = agency.actions.map((a): Row => ({
      cells: [{ lines: [a.ref] }, { lines: [a.title] }, ragCell(a.rag, legend), { lines: a.updates.length === 0 ? ['No update in the year.'] : a.updates.flatMap(updateParagraphs) }],
    }));
    out.push(table(['Ref', 'Action', 'RAG at the end', 'Updates in the year'], widthsOf([5, 30, 10, 55]), rows, HEADER_FILL));
  }
  return out;
}
