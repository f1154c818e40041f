import { makeStyles, shorthands, tokens } from '@fluentui/react-components';

const WIDE = '@media (min-width: 760px)';
const COLUMNS = '4.5rem minmax(12rem, 3fr) minmax(8rem, 1.3fr) minmax(8rem, 1.3fr) 6.5rem minmax(12rem, 2.6fr)';

export const useActionListStyles = makeStyles({
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
    contain: 'layout style',
  },
  sectionHeading: {
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXS}`,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionCount: {
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
    marginLeft: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase300,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: '1fr',
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    [WIDE]: {
      gridTemplateColumns: COLUMNS,
      columnGap: tokens.spacingHorizontalM,
      alignItems: 'start',
    },
  },
  cell: {
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  refCell: {
    display: 'flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalS,
  },
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
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  label: {
    color: tokens.colorNeutralForeground2,
    marginRight: tokens.spacingHorizontalXS,
    [WIDE]: {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  muted: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  due: {
    display: 'block',
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  flag: {
    display: 'block',
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontSize: tokens.fontSizeBase200,
  },
  update: {
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  empty: {
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    ...shorthands.borderWidth(0),
  },
});
