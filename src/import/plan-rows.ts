import type { SourceLocation } from '../plan/errors.js';
import type { CellLook } from './document-blocks.js';
import type { ColumnRole } from './import-report.js';

/** A table row's text by column role, each cell as its paragraphs. */
export type RowCells = Partial<Record<ColumnRole, string[]>>;

/** One table row that became (part of) an action. */
export interface PlanRow {
  ref: string;
  markers: string[];
  sectionIndex: number;
  cells: RowCells;
  at: SourceLocation;
  /** How each column's cell looks, where the document has looks (Word, Excel): RAG shown as shading or coloured text. */
  looks?: Partial<Record<ColumnRole, CellLook>>;
}

/** A numbered action with the unnumbered sub-action rows under it: continued text joins within it. */
export interface ActionGroup {
  main: PlanRow;
  subs: PlanRow[];
  /** Whether the main row's ref was written in the document, not assigned in order. */
  written: boolean;
}

export function hasText(paragraphs: readonly string[] | undefined): paragraphs is string[] {
  return paragraphs !== undefined && paragraphs.length > 0;
}

export function rolesIn(cells: RowCells): ColumnRole[] {
  return (Object.keys(cells) as ColumnRole[]).filter((role) => hasText(cells[role]));
}
