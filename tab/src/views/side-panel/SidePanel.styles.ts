import { makeStyles, tokens } from '@fluentui/react-components';

/** One line per action, fixed, so the virtualised list never measures a row and 10+ fit in a 760 px panel. */
export const COMPACT_ROW_HEIGHT = 34;

const oneLine = { whiteSpace: 'nowrap' as const, overflow: 'hidden', textOverflow: 'ellipsis' };

export const useSidePanelStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    minWidth: 0,
  },
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS}`,
  },
  title: {
    margin: 0,
    flex: '1 1 0',
    minWidth: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    ...oneLine,
  },
  toolbar: {
    display: 'flex',
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  shareField: {
    flex: '1 1 10rem',
    minWidth: 0,
  },
  select: {
    width: '100%',
    minWidth: 0,
  },
  status: {
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  problem: {
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorPaletteRedForeground1,
  },
  // A message under a row of controls takes the row's whole width.
  fullLine: {
    flexBasis: '100%',
  },
  confirm: {
    display: 'inline-flex',
    gap: tokens.spacingHorizontalXS,
  },
  titleLine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  filterLine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    minHeight: '32px',
    padding: `0 ${tokens.spacingHorizontalM}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
  },
  // Opened from the filter line, the filter bar shows every filter at once: its own "Filters" toggle would be a second step.
  filters: {
    flexShrink: 0,
    maxHeight: '50vh',
    overflowY: 'auto',
    '& #more-filters': {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-end',
      gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
      flexBasis: '100%',
    },
    '& [aria-controls="more-filters"]': { display: 'none' },
  },
  filterWords: {
    flex: '1 1 auto',
    minWidth: 0,
    ...oneLine,
  },
  filterButton: {
    flexShrink: 0,
    minWidth: 'auto',
  },
  scroller: {
    flex: '1 1 auto',
    minHeight: `${COMPACT_ROW_HEIGHT * 4}px`,
    overflowY: 'auto',
    overflowX: 'hidden',
    position: 'relative',
    contain: 'strict',
  },
  list: {
    position: 'relative',
    width: '100%',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    height: `${COMPACT_ROW_HEIGHT}px`,
    contain: 'strict',
  },
  row: {
    boxSizing: 'border-box',
    display: 'grid',
    // Fixed columns but the title's, so every title starts and ends at the same place.
    gridTemplateColumns: '2.2rem 4rem minmax(0, 1fr) 6.4rem',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    height: '100%',
    padding: `0 ${tokens.spacingHorizontalS}`,
    // The bar on the left marks the stage's action; kept transparent here so rows never shift.
    borderLeft: `${tokens.strokeWidthThickest} solid transparent`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    fontSize: tokens.fontSizeBase200,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  current: {
    backgroundColor: tokens.colorBrandBackground2,
    borderLeftColor: tokens.colorBrandStroke1,
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  ref: {
    fontWeight: tokens.fontWeightSemibold,
    ...oneLine,
  },
  rowTitle: oneLine,
  due: {
    position: 'relative',
    minWidth: 0,
    textAlign: 'end',
    color: tokens.colorNeutralForeground2,
  },
  dueText: {
    display: 'block',
    ...oneLine,
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  // Read by screen readers, not shown: the row shows the short form beside it.
  spoken: {
    position: 'absolute',
    top: 0,
    left: 0,
    margin: '-1px',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  empty: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  minute: {
    flexShrink: 0,
    maxHeight: '60vh',
    overflowY: 'auto',
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  minuteHead: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  minuteHeading: {
    margin: 0,
    flex: '1 1 auto',
    minWidth: 0,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
    ...oneLine,
  },
  minuteForm: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  minuteRow: {
    display: 'flex',
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  field: {
    minWidth: 0,
  },
  grow: {
    flex: '1 1 8rem',
    minWidth: 0,
  },
  note: {
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});
