/**
 * The shape every document format is read into before the plan is found in it: paragraphs
 * (headings, notes, page furniture) and table rows, in document order. Cells keep their markup
 * (HTML from the text export and from Word) so paragraph and list structure survive to the reader.
 */
export interface BlockLocation {
  /** 1-based line in a text or CSV file. */
  line?: number;
  /** 1-based table and row in a Word document. */
  table?: number;
  row?: number;
}

export type DocumentBlock =
  | { kind: 'paragraph'; text: string; at: BlockLocation }
  | { kind: 'row'; cells: string[]; at: BlockLocation };

export interface ReadDocument {
  fileName: string;
  format: 'text-export' | 'docx' | 'csv';
  blocks: DocumentBlock[];
}
