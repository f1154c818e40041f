import type { SourceLocation } from '../plan/errors.js';
import type { ColumnRole, PlanDraft } from '../plan/plan.js';
import type { DocumentFormatName } from './document-blocks.js';

export type { ColumnRole };

export interface ColumnMapping {
  header: string;
  role: ColumnRole | null;
  /** Why: "matched 'lead'" or "numbers in every row"; for unmapped columns, what was not recognised. */
  reason: string;
}

export interface ImportNote {
  at: SourceLocation;
  message: string;
  /** The source text concerned, verbatim. */
  text?: string;
}

export interface ImportReport {
  fileName: string;
  format: DocumentFormatName;
  /** The header mapping of each plan table found. */
  tables: { at: SourceLocation; columns: ColumnMapping[] }[];
  sectionCount: number;
  actionCount: number;
  updateCount: number;
  /** Things worth a look: flagged timescales, undated updates, guessed continuations, duplicate refs. */
  notes: ImportNote[];
  /** Source text that could not be placed in an action; also kept in the plan's unplacedText. */
  unplaced: ImportNote[];
  /** Lines skipped as page furniture ("Appendix 3", "DRAFT", "GSC - Official") with how often. */
  furniture: { text: string; count: number }[];
}

export interface ImportResult {
  draft: PlanDraft;
  report: ImportReport;
}
