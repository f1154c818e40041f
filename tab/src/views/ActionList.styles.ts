import { makeStyles, tokens } from '@fluentui/react-components';

/** Wide enough for the columns; a meeting side panel (about 320 px) gets the stacked layout. */
export const WIDE_QUERY = '(min-width: 760px)';
const WIDE = `@media ${WIDE_QUERY}`;
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
  },
  scroller: {
    flex: '1 1 auto',
    minHeight: 0,
    overflowY: 'auto',
    position: 'relative',
    contain: 'strict',
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
  },
  item: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    listStyleType: 'none',
    // Each row lays out on its own: a new row never makes the browser look at the others.
    contain: 'strict',
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
  },
  sinceShown: {
    ...clamp(2),
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
    [WIDE]: { ...clamp(4), padding: 0, borderLeft: 'none', backgroundColor: 'transparent' },
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
  refCell: {
    gridArea: 'ref',
    display: 'flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalS,
  },
  ragCell: { gridArea: 'rag' },
  ref: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    borderRadius: tokens.borderRadiusSmall,
    ':hover': { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  text: {
    gridArea: 'text',
    ...clamp(3),
    [WIDE]: clamp(4),
  },
  leads: {
    gridArea: 'leads',
    ...oneLine,
    [WIDE]: { whiteSpace: 'normal', ...clamp(4) },
  },
  time: {
    gridArea: 'time',
    ...clamp(2),
    [WIDE]: { display: 'block', overflow: 'hidden' },
  },
  written: {
    [WIDE]: clamp(2),
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
