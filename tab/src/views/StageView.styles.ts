import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * The meeting stage is read from across a room on a shared screen, from a 1366x768 laptop to a 4K
 * panel: every size below is in em of the stage's one type size, which follows the viewport (the
 * smaller of its height and width, so a wide short stage is not overfilled), so the whole layout
 * keeps its proportions at any size. Fluent's controls have pixel sizes; they are scaled here too.
 */
export const STAGE_TYPE = 'clamp(16px, min(2.6vh, 1.5vw), 96px)';

/** A portrait or square stage (a side-by-side share, a phone): one column that scrolls as a whole. */
const NARROW = '@media (max-aspect-ratio: 5/4)';

const focusRing = {
  outline: `max(2px, 0.12em) solid ${tokens.colorStrokeFocus2}`,
  outlineOffset: '0.1em',
} as const;

/** A line of the action's record on the stage; updates and history entries differ only in their rule. */
const timelineLine = {
  margin: 0,
  paddingLeft: '0.6em',
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
} as const;

/** A part of the stage that scrolls on its own, so a long action never pushes the navigation off the stage. */
const scroller = {
  minHeight: 0,
  overflowY: 'auto',
  overflowX: 'hidden',
  ':focus-visible': focusRing,
} as const;

export const useStageStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    minWidth: 0,
    overflow: 'hidden',
    fontSize: STAGE_TYPE,
    lineHeight: 1.35,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '0.3em 1.2em',
    padding: '0.35em 1.6em',
    fontSize: '0.72em',
    borderBottom: `max(2px, 0.1em) solid ${tokens.colorNeutralStroke1}`,
  },
  planTitle: {
    margin: 0,
    flex: '1 1 20em',
    minWidth: 0,
    fontSize: '1.15em',
    lineHeight: 1.25,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  /** Fluent's checkbox, select and link at the bar's size rather than their fixed pixels. */
  control: {
    fontSize: 'inherit',
    '& label': { fontSize: 'inherit', lineHeight: 1.25 },
    '& .fui-Checkbox__indicator': { width: '1em', height: '1em', fontSize: '0.85em' },
  },
  select: {
    fontSize: 'inherit',
    height: 'auto',
    '& select': { fontSize: 'inherit', height: '2em', paddingTop: 0, paddingBottom: 0 },
    '& .fui-Select__icon': { fontSize: '1em', width: '1em', height: '1em' },
  },
  link: {
    fontSize: 'inherit',
  },
  stage: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    padding: '0.7em 1.6em',
    [NARROW]: { overflowY: 'auto' },
  },
  /** The action: what it is on the left, where it stands on the right; each column scrolls on its own. */
  action: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1.4fr) minmax(0, 1fr)',
    gridTemplateRows: 'minmax(0, 1fr)',
    columnGap: '1.6em',
    [NARROW]: { display: 'flex', flexDirection: 'column', gap: '0.8em', flex: '0 0 auto' },
  },
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: '0.5em',
    minHeight: 0,
    minWidth: 0,
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '0.3em 0.8em',
  },
  ref: {
    margin: 0,
    fontSize: '2.2em',
    lineHeight: 1.1,
    fontWeight: tokens.fontWeightBold,
  },
  /** Fluent's badge is pixel-sized; on the stage it is the size of the type beside it. */
  rag: {
    display: 'inline-flex',
    '& .fui-Badge': {
      fontSize: '1em',
      lineHeight: 1.2,
      height: 'auto',
      minWidth: 'auto',
      padding: '0.2em 0.6em',
      borderRadius: '0.3em',
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  ragWas: {
    fontWeight: tokens.fontWeightSemibold,
  },
  sectionName: {
    margin: 0,
    fontSize: '0.85em',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
  },
  /** The action's words: the part that may be long, so it is the part that scrolls. */
  words: {
    ...scroller,
    flex: '1 1 auto',
    display: 'flex',
    flexDirection: 'column',
    gap: '0.6em',
    paddingRight: '0.4em',
    [NARROW]: { overflowY: 'visible', flex: '0 0 auto' },
  },
  text: {
    margin: 0,
    fontSize: '1.2em',
    lineHeight: 1.35,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  outcome: {
    margin: 0,
    fontSize: '0.9em',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  outcomeTerm: {
    fontWeight: tokens.fontWeightSemibold,
  },
  side: {
    ...scroller,
    display: 'flex',
    flexDirection: 'column',
    gap: '0.7em',
    fontSize: '0.85em',
    paddingRight: '0.4em',
    paddingLeft: '0.2em',
    [NARROW]: { overflowY: 'visible' },
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: '0.3em 0.8em',
    margin: 0,
  },
  term: {
    fontWeight: tokens.fontWeightSemibold,
  },
  value: {
    margin: 0,
    overflowWrap: 'anywhere',
    display: 'flex',
    flexDirection: 'column',
    gap: '0.15em',
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  flag: {
    alignSelf: 'flex-start',
    padding: '0.1em 0.4em',
    border: `max(1px, 0.08em) dashed ${tokens.colorPaletteMarigoldBorder2}`,
    borderRadius: '0.2em',
    fontSize: '0.9em',
  },
  wasNow: {
    fontSize: '0.9em',
  },
  changed: {
    margin: 0,
    alignSelf: 'flex-start',
    fontWeight: tokens.fontWeightSemibold,
    padding: '0.2em 0.5em',
    border: `max(2px, 0.1em) solid ${tokens.colorNeutralForeground1}`,
    borderRadius: '0.25em',
    overflowWrap: 'anywhere',
  },
  sectionHeading: {
    margin: '0 0 0.3em',
    fontSize: '1em',
    fontWeight: tokens.fontWeightSemibold,
  },
  updates: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: '0.5em',
  },
  update: { ...timelineLine, borderLeft: `max(3px, 0.15em) solid ${tokens.colorNeutralForeground1}` },
  // A change, request or answer in the domain's words: dashed, apart from the updates people wrote.
  historyLine: { ...timelineLine, borderLeft: `max(3px, 0.15em) dashed ${tokens.colorBrandStroke1}` },
  updateDate: {
    display: 'block',
    fontWeight: tokens.fontWeightSemibold,
  },
  nav: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '0.4em 0.8em',
    padding: '0.35em 1.6em',
    fontSize: '0.72em',
    borderTop: `max(2px, 0.1em) solid ${tokens.colorNeutralStroke1}`,
  },
  /** Fluent's buttons at the navigation's size. */
  navButton: {
    fontSize: '1em',
    lineHeight: 1.2,
    minHeight: '2.2em',
    minWidth: 'auto',
    padding: '0.3em 0.9em',
    borderRadius: '0.25em',
  },
  position: {
    flex: '1 1 12em',
    minWidth: 0,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: 'center',
    overflowWrap: 'anywhere',
  },
  keys: {
    fontSize: '0.8em',
    color: tokens.colorNeutralForeground2,
  },
  empty: {
    margin: 0,
    padding: '1em 0',
  },

  /* The overview. */
  overview: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1.5fr) minmax(0, 1fr)',
    gridTemplateRows: 'auto minmax(0, 1fr)',
    gap: '0.5em 1.6em',
    [NARROW]: { display: 'flex', flexDirection: 'column', flex: '0 0 auto' },
  },
  overviewHead: {
    gridColumn: '1 / -1',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: '0.2em 1em',
  },
  overviewTitle: {
    margin: 0,
    fontSize: '1.5em',
    lineHeight: 1.2,
    fontWeight: tokens.fontWeightBold,
  },
  overviewFacts: {
    margin: 0,
    fontSize: '0.8em',
    color: tokens.colorNeutralForeground2,
  },
  ragTableBox: {
    ...scroller,
    [NARROW]: { overflowY: 'visible' },
  },
  ragTable: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: '0.8em',
    '& caption': { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, fontSize: '1.1em', paddingBottom: '0.3em' },
    '& th, & td': { padding: '0.2em 0.3em', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, verticalAlign: 'middle' },
    '& thead th': { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, verticalAlign: 'bottom' },
    '& tbody th': { textAlign: 'left', fontWeight: tokens.fontWeightRegular, overflowWrap: 'anywhere' },
  },
  countCell: {
    width: '1%',
    whiteSpace: 'nowrap',
  },
  columnNote: {
    display: 'block',
    fontSize: '0.75em',
    fontWeight: tokens.fontWeightRegular,
    whiteSpace: 'nowrap',
  },
  /** A count that opens its list: the number and its word, so colour is never the only sign. */
  count: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '0.3em',
    width: '100%',
    minHeight: '1.9em',
    padding: '0.1em 0.35em',
    font: 'inherit',
    color: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `max(1px, 0.06em) solid ${tokens.colorNeutralStroke1}`,
    borderRadius: '0.25em',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': focusRing,
  },
  countNone: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '0.3em',
    padding: '0.1em 0.35em',
    color: tokens.colorNeutralForeground2,
  },
  countShown: {
    border: `max(2px, 0.12em) solid ${tokens.colorBrandStroke1}`,
  },
  swatch: {
    flex: '0 0 auto',
    width: '0.7em',
    height: '0.7em',
    borderRadius: '50%',
    border: `1px solid ${tokens.colorNeutralForeground1}`,
  },
  swatchRed: { backgroundColor: tokens.colorPaletteRedBackground3 },
  swatchAmber: { backgroundColor: tokens.colorPaletteMarigoldBackground3 },
  swatchGreen: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  swatchOther: { backgroundColor: tokens.colorNeutralBackground3 },
  tiles: {
    ...scroller,
    display: 'flex',
    flexDirection: 'column',
    gap: '0.5em',
    [NARROW]: { overflowY: 'visible' },
  },
  tile: {
    display: 'grid',
    gridTemplateColumns: 'minmax(2.2em, max-content) minmax(0, 1fr)',
    alignItems: 'center',
    columnGap: '0.5em',
    padding: '0.35em 0.6em',
    font: 'inherit',
    color: 'inherit',
    textAlign: 'left',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `max(1px, 0.06em) solid ${tokens.colorNeutralStroke1}`,
    borderRadius: '0.3em',
  },
  tileButton: {
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': focusRing,
  },
  tileNumber: {
    fontSize: '1.6em',
    lineHeight: 1.1,
    fontWeight: tokens.fontWeightBold,
    textAlign: 'right',
  },
  tileWords: {
    fontSize: '0.85em',
    lineHeight: 1.3,
    overflowWrap: 'anywhere',
  },
  tileDetail: {
    display: 'block',
    fontSize: '0.85em',
    color: tokens.colorNeutralForeground2,
  },
});

/** Words for screen readers only: the section a count belongs to, said after the words on screen. */
export const useVisuallyHidden = makeStyles({
  root: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});
