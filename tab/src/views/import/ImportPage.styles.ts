import { makeStyles, tokens } from '@fluentui/react-components';

export const useImportPageStyles = makeStyles({
  root: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    // The page scrolls, not the tab: the banner above keeps its height.
    flex: '1 1 auto',
    minHeight: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '960px',
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: `${tokens.spacingVerticalS} 0 0`, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  // Focus is put on the answer's heading for screen readers and the next Tab; a heading is not a control, so no ring.
  arrival: { ':focus': { outlineStyle: 'none' } },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  picker: {
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '100%',
  },
  summary: { display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, overflowWrap: 'anywhere' },
  candidates: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  candidate: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  // A long list of notes must not push the decision out of sight: the buttons stay at the foot of the page.
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    position: 'sticky',
    bottom: `calc(-1 * ${tokens.spacingVerticalL})`,
    padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  location: { color: tokens.colorNeutralForeground3 },
  quoted: { fontWeight: tokens.fontWeightSemibold },
  // Updates keep the document's line breaks, as the plan view shows them.
  updateText: { whiteSpace: 'pre-line' },
});
