import { makeStyles, tokens } from '@fluentui/react-components';

/** Wide enough for the columns; a meeting side panel (about 320 px) gets the stacked layout. */
export const WIDE_QUERY = '(min-width: 760px)';
// Paper has the columns too, whatever its width.
const WIDE = `@media print, ${WIDE_QUERY}`;
/*
 * On paper the list is every row in the page's own flow (ActionList renders them all while
 * printing): no scroller, no positioned rows, no clamped cells. The virtualiser's inline top and
 * height are overridden, so the rows stay as the list drew them on screen.
 */
const PRINT = '@media print';
const flowing = { position: 'static', transform: 'none !important', height: 'auto !important', contain: 'none', overflow: 'visible' } as const;
// Important: the wide layout's clamps apply on paper too (WIDE includes print), in whatever order the rules land.
const unclamped = { display: 'block !important', WebkitLineClamp: 'unset !important', overflow: 'visible !important' } as const;
const COLUMNS = '4.5rem minmax(12rem, 3fr) minmax(8rem, 1.3fr) minmax(8rem, 1.3fr) 6.5rem minmax(12rem, 2.6fr)';
/** With a day to compare with (the last meeting), a seventh column says what changed since. */
const COLUMNS_SINCE = '4.5rem minmax(9rem, 3fr) minmax(6rem, 1.2fr) minmax(7rem, 1.3fr) 6.5rem minmax(9rem, 2.3fr) minmax(9rem, 1.6fr)';

/*
 * Rows have a fixed height (each cell clamped to what fits; the detail has everything), so the
 * virtualised list never measures a row: a filter change costs no forced layout, and 5,000 actions
 * scroll without a row jumping as it is measured.
 */
export const ROW_HEIGHT = { wide: 104, narrow: 216, section: 44, /** Added in the stacked layout to a row with changes since the last meeting. */ narrowChanges: 48 } as const;

const clamp = (lines: number) => ({
  display: '-webkit-box',
  WebkitLineClamp: lines,
  WebkitBoxOrient: 'vertical' as const,
  overflow: 'hidden',
});

const oneLine = { whiteSpace: 'nowrap' as const, overflow: 'hidden', textOverflow: 'ellipsis' };

export const useActionListStyles = makeStyles({
  table: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    [PRINT]: { display: 'block' },
  },
  scroller: {
    flex: '1 1 auto',
    minHeight: 0,
    overflowY: 'auto',
    position: 'relative',
    contain: 'strict',
    [PRINT]: { overflowY: 'visible', contain: 'none', position: 'static' },
  },
  // A section's heading and rows: kept on one page where they fit.
  printSection: {
    [PRINT]: { breakInside: 'avoid-page' },
  },
  header: {
    display: 'none',
    [WIDE]: {
      display: 'grid',
      gridTemplateColumns: COLUMNS,
      columnGap: tokens.spacingHorizontalM,
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
      color: tokens.colorNeutralForeground2,
      fontSize: tokens.fontSizeBase200,
      fontWeight: tokens.fontWeightSemibold,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
  },
  headerSince: {
    [WIDE]: { gridTemplateColumns: COLUMNS_SINCE },
  },
  list: {
    position: 'relative',
    width: '100%',
    margin: 0,
    padding: 0,
    [PRINT]: { height: 'auto !important', position: 'static' },
  },
  item: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    listStyleType: 'none',
    // Each row lays out on its own: a new row never makes the browser look at the others.
    contain: 'strict',
    [PRINT]: { ...flowing, breakInside: 'avoid' },
  },
  // A heading is never the last line of a page: it goes over with its first row.
  sectionItem: {
    [PRINT]: { breakAfter: 'avoid' },
  },
  sectionHeading: {
    boxSizing: 'border-box',
    height: `${ROW_HEIGHT.section}px`,
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0`,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ...oneLine,
    [PRINT]: { height: 'auto', whiteSpace: 'normal', padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, breakAfter: 'avoid' },
  },
  sectionCount: {
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
    marginLeft: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase300,
  },
  row: {
    boxSizing: 'border-box',
    height: `${ROW_HEIGHT.narrow}px`,
    overflow: 'hidden',
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    gridTemplateAreas: '"ref rag" "text text" "leads leads" "time time" "update update"',
    gridTemplateRows: 'auto auto auto auto 1fr',
    rowGap: tokens.spacingVerticalXS,
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    [WIDE]: {
      height: `${ROW_HEIGHT.wide}px`,
      gridTemplateColumns: COLUMNS,
      gridTemplateAreas: '"ref text leads time rag update"',
      gridTemplateRows: '1fr',
      alignItems: 'start',
    },
    // Merged after item, whose print height this would otherwise replace: important over the inline height.
    [PRINT]: { height: 'auto !important', overflow: 'visible', cursor: 'auto', ':hover': { backgroundColor: 'transparent' } },
  },
  rowSince: {
    [WIDE]: {
      gridTemplateColumns: COLUMNS_SINCE,
      gridTemplateAreas: '"ref text leads time rag update since"',
    },
  },
  // Stacked: a row with changes since the last meeting has a line for them at the bottom.
  rowChanged: {
    gridTemplateAreas: '"ref rag" "text text" "leads leads" "time time" "update update" "since since"',
    gridTemplateRows: 'auto auto auto auto 1fr auto',
  },
  since: {
    gridArea: 'since',
    display: 'none',
    [WIDE]: clamp(4),
    [PRINT]: unclamped,
  },
  sinceShown: {
    ...clamp(2),
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
    [WIDE]: { ...clamp(4), padding: 0, borderLeft: 'none', backgroundColor: 'transparent' },
    [PRINT]: unclamped,
  },
  sinceNote: {
    [WIDE]: { display: 'block' },
  },
  sinceSeparator: {
    [WIDE]: { display: 'none' },
  },
  cell: {
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  // A marker ("New") goes under the ref rather than breaking it ("1.1" over "7").
  refCell: {
    gridArea: 'ref',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: `0 ${tokens.spacingHorizontalS}`,
  },
  // The badge's word is the RAG; its colour prints too, as browsers leave backgrounds out unless told.
  ragCell: { gridArea: 'rag', [PRINT]: { printColorAdjust: 'exact', WebkitPrintColorAdjust: 'exact' } },
  ref: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    whiteSpace: 'nowrap',
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    borderRadius: tokens.borderRadiusSmall,
    ':hover': { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
    // A link on paper is just the ref.
    [PRINT]: { color: 'inherit', textDecorationLine: 'none' },
  },
  text: {
    gridArea: 'text',
    ...clamp(3),
    [WIDE]: clamp(4),
    [PRINT]: unclamped,
  },
  leads: {
    gridArea: 'leads',
    ...oneLine,
    [WIDE]: { whiteSpace: 'normal', ...clamp(4) },
    [PRINT]: unclamped,
  },
  time: {
    gridArea: 'time',
    ...clamp(2),
    [WIDE]: { display: 'block', overflow: 'hidden' },
    [PRINT]: unclamped,
  },
  written: {
    [WIDE]: clamp(2),
    [PRINT]: unclamped,
  },
  label: {
    color: tokens.colorNeutralForeground2,
    marginRight: tokens.spacingHorizontalXS,
  },
  muted: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    marginRight: tokens.spacingHorizontalXS,
  },
  due: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    marginLeft: tokens.spacingHorizontalS,
    [WIDE]: { marginLeft: 0, ...clamp(2) },
    [PRINT]: unclamped,
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  flag: {
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontSize: tokens.fontSizeBase200,
    marginLeft: tokens.spacingHorizontalS,
    [WIDE]: { display: 'block', marginLeft: 0, ...oneLine },
  },
  update: {
    gridArea: 'update',
    ...clamp(2),
    [WIDE]: clamp(4),
    [PRINT]: unclamped,
  },
  updateDate: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    marginRight: tokens.spacingHorizontalXS,
    [WIDE]: { display: 'block' },
  },
  empty: {
    margin: 0,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
  },
});
