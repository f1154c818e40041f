/**
 * The shape every document format is read into before the plan is found in it: paragraphs
 * (headings, notes, page furniture) and table rows, in document order. Cells keep their markup
 * (HTML from the text export and from Word) so paragraph and list structure survive to the reader.
 * What a plain-text export loses (shading, font colour, automatic numbering, merges) is carried
 * beside the text by the formats that have it (Word's WordprocessingML, Excel's cells).
 */
export interface BlockLocation {
  /** 1-based line in a text or CSV file. */
  line?: number;
  /** Worksheet name in an Excel workbook. */
  sheet?: string;
  /** 1-based table and row in a Word document; 1-based row in a worksheet. */
  table?: number;
  row?: number;
}

/** A colour as six upper-case hex digits ("FFC000"), already resolved from theme colours and tints. */
export type HexColour = string;

/** What a cell looks like beyond its text: how people mark RAG without words. */
export interface CellLook {
  /** The cell's background fill (Word w:shd fill, Excel pattern fill), null when none, white or automatic. */
  fill: HexColour | null;
  /**
   * Colours of the cell's visible (non-space) text runs, in order, distinct; automatic/black text
   * is left out. A red "●" gives ["FF0000"]. Text highlight (w:highlight) counts as a colour too.
   */
  textColours: HexColour[];
}

/** A run of paragraph text with its colour, for keys written as coloured words or symbols. */
export interface ColouredText {
  text: string;
  colour: HexColour | null;
  /** Shading or highlight behind the run, when any. */
  fill: HexColour | null;
}

/** How a table cell sits in the row: whether its text was copied down from a vertically merged cell above. */
export interface CellPlacement {
  /**
   * 1 for an ordinary cell; n for a cell spanning n grid columns (Word w:gridSpan, Excel merge
   * across). The reader emits the cell's text at its first grid column and '' for the rest, so
   * `cells` always has one entry per grid column.
   */
  span: number;
  /** True when this cell continues a vertical merge (w:vMerge without restart, an Excel merge below its top cell): its text is the merged cell's, repeated. */
  mergedFromAbove: boolean;
}

export type DocumentBlock =
  | {
      kind: 'paragraph';
      text: string;
      at: BlockLocation;
      /** Heading level from the paragraph's style or outline level (1 = Heading 1), 0 for the Title style; absent for body text. */
      headingLevel?: number;
      /** The label Word's automatic numbering shows before the paragraph ("1.", "2.3", "a)"), already prefixed to `text`. */
      numberLabel?: string;
      /** The paragraph's runs with their colours, when the format has colours. */
      runs?: ColouredText[];
    }
  | {
      kind: 'row';
      /** One entry per grid column of the table (spanned columns after the first are ''). */
      cells: string[];
      at: BlockLocation;
      /** Per grid column, when the format has looks (same length as cells). */
      looks?: CellLook[];
      /** Per grid column, when the format knows merges (same length as cells). */
      placement?: CellPlacement[];
      /**
       * Per grid column, the automatic-numbering label of the cell's first paragraph ("1.1"), already
       * prefixed to that paragraph's text in `cells`; null where the paragraph is not numbered.
       */
      numberLabels?: (string | null)[];
      /** Grid columns the row skips before its first cell or after its last (w:gridBefore / w:gridAfter). */
      gridBefore?: number;
      gridAfter?: number;
      /** True when the row repeats as a header on each page (w:tblHeader). */
      repeatsAsHeader?: boolean;
    };

export type DocumentFormatName = 'text-export' | 'docx' | 'csv' | 'xlsx';

export interface ReadDocument {
  fileName: string;
  format: DocumentFormatName;
  blocks: DocumentBlock[];
  /** What the format reader decided that a person should know (which sheet held the plan). */
  notes?: { at: BlockLocation; message: string }[];
}
