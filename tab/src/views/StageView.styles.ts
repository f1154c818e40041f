import { makeStyles, tokens } from '@fluentui/react-components';

/** A full-HD meeting stage (1920 px and up, less the Teams chrome): a step larger again, for the back of the room. */
const LARGE = '@media (min-width: 1600px)';

/** The meeting stage is read from across a room on a shared screen: large type, strong contrast, little chrome. */
/** A line of the action's record on the stage; updates and history entries differ only in their rule. */
const timelineLine = {
  margin: 0,
  fontSize: tokens.fontSizeBase500,
  lineHeight: tokens.lineHeightBase500,
  [LARGE]: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, maxWidth: '90rem' },
  maxWidth: '70rem',
  paddingLeft: tokens.spacingHorizontalL,
  whiteSpace: 'pre-wrap',
} as const;

export const useStageStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  planTitle: {
    margin: 0,
    flex: '1 1 24rem',
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  position: {
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: {
    flex: '1 1 auto',
    minHeight: 0,
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
  },
  ref: {
    margin: 0,
    fontSize: tokens.fontSizeHero800,
    lineHeight: tokens.lineHeightHero800,
    fontWeight: tokens.fontWeightBold,
    [LARGE]: { fontSize: tokens.fontSizeHero900, lineHeight: tokens.lineHeightHero900 },
  },
  changed: {
    margin: 0,
    alignSelf: 'flex-start',
    maxWidth: '70rem',
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    [LARGE]: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, maxWidth: '90rem' },
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralForeground1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  ragWas: {
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    [LARGE]: { fontSize: tokens.fontSizeBase600 },
  },
  overdue: {
    color: tokens.colorPaletteRedForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  text: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    whiteSpace: 'pre-wrap',
    maxWidth: '70rem',
    [LARGE]: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, maxWidth: '90rem' },
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    [LARGE]: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
  },
  term: {
    fontWeight: tokens.fontWeightSemibold,
  },
  value: {
    margin: 0,
  },
  sectionHeading: {
    margin: `0 0 ${tokens.spacingVerticalS}`,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    [LARGE]: { fontSize: tokens.fontSizeBase600 },
  },
  updates: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
  },
  update: { ...timelineLine, borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorNeutralForeground1}` },
  // A change, request or answer in the domain's words: dashed, apart from the updates people wrote.
  historyLine: { ...timelineLine, borderLeft: `${tokens.strokeWidthThicker} dashed ${tokens.colorBrandStroke1}` },
  updateDate: {
    display: 'block',
    fontWeight: tokens.fontWeightSemibold,
  },
  nav: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  keys: {
    fontSize: tokens.fontSizeBase300,
  },
  empty: {
    fontSize: tokens.fontSizeBase500,
    padding: tokens.spacingVerticalXXL,
  },
});
