import { makeStyles, tokens } from '@fluentui/react-components';

const NARROW = '@media (max-width: 599px)';
/** On paper the summary is its counts, all of them, with no button to show them. */
const PRINT = '@media print';

export const useSummaryBarStyles = makeStyles({
  compact: {
    display: 'none',
    [NARROW]: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, fontWeight: tokens.fontWeightSemibold },
    [PRINT]: { display: 'none' },
  },
  details: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    [NARROW]: { display: 'none' },
    [PRINT]: { display: 'flex' },
  },
  detailsOpen: {
    [NARROW]: { display: 'flex' },
  },
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    [PRINT]: { backgroundColor: 'transparent', breakInside: 'avoid' },
  },
  // The RAG counts' badges print in their colours beside their words.
  badge: {
    [PRINT]: { printColorAdjust: 'exact', WebkitPrintColorAdjust: 'exact' },
  },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  since: {
    fontWeight: tokens.fontWeightSemibold,
    marginRight: tokens.spacingHorizontalS,
  },
  hint: {
    margin: 0,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  shown: {
    fontWeight: tokens.fontWeightSemibold,
    marginRight: tokens.spacingHorizontalS,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
  term: {
    color: tokens.colorNeutralForeground2,
  },
  value: {
    margin: 0,
    fontWeight: tokens.fontWeightSemibold,
  },
  warn: {
    color: tokens.colorPaletteRedForeground1,
  },
});
