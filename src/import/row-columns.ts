import type { CellPlacement } from './document-blocks.js';
import type { ColumnMapping, ColumnRole } from './import-report.js';

/**
 * Which of the header's columns each cell of a row sits under. Word and Excel give every cell its
 * grid columns, so a cell is placed by the grid, never by its position among the row's cells: a
 * header cell spanning two grid columns owns both, a row that skips columns (gridBefore, a merge)
 * keeps the rest in place. A cell whose span covers two columns the plan uses cannot be placed
 * without a guess, and one beyond the header's last column belongs to none: both are reported.
 */

/** The header row's grid: each header cell's span at its first grid column (1 for the columns a span covers). */
export interface HeaderGrid {
  spans: readonly number[];
  width: number;
}

export type CellColumn =
  | { kind: 'role'; role: ColumnRole; header: string }
  | { kind: 'unused'; header: string }
  /** Spans columns of two or more roles ("Lead" and "Timescale"): which one is meant cannot be told. */
  | { kind: 'ambiguous'; headers: string[] }
  /** Beyond the header's columns. */
  | { kind: 'outside' }
  /** A grid column covered by the span of the cell before it: it holds no cell of its own. */
  | { kind: 'covered' };

/** For each grid column of the header, the header cell that owns it. */
function owners(header: readonly ColumnMapping[], grid: HeaderGrid | null): number[] {
  const owner: number[] = [];
  for (let h = 0; h < header.length; h++) {
    const span = grid?.spans[h] ?? 1;
    if (owner[h] !== undefined) continue;
    for (let g = h; g < h + span && g < header.length; g++) owner[g] = h;
  }
  return owner;
}

export function columnsOfRow(header: readonly ColumnMapping[], grid: HeaderGrid | null, placement: readonly CellPlacement[] | undefined, width: number): CellColumn[] {
  const owner = owners(header, grid);
  const columns: CellColumn[] = [];
  for (let i = 0; i < width; i++) {
    if (columns[i] !== undefined) continue;
    const span = Math.max(1, placement?.[i]?.span ?? 1);
    for (let g = i + 1; g < i + span && g < width; g++) columns[g] = { kind: 'covered' };
    if (i >= header.length) {
      columns[i] = { kind: 'outside' };
      continue;
    }
    const covered = [...new Set(Array.from({ length: Math.min(span, header.length - i) }, (_, k) => owner[i + k]!))].map((h) => header[h]!);
    const used = covered.filter((m): m is ColumnMapping & { role: ColumnRole } => m.role !== null);
    const roles = [...new Set(used.map((m) => m.role))];
    if (roles.length > 1) columns[i] = { kind: 'ambiguous', headers: used.map((m) => m.header || m.role) };
    else if (roles.length === 1) columns[i] = { kind: 'role', role: roles[0]!, header: used[0]!.header };
    else columns[i] = { kind: 'unused', header: covered[0]?.header ?? '' };
  }
  return columns;
}
