import { makeStaticStyles, makeStyles, tokens } from '@fluentui/react-components';

const PRINT = '@media print';

export const usePlanViewStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    [PRINT]: { display: 'block' },
  },
  header: {
    // The meetings panel is placed against it.
    position: 'relative',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXS}`,
    // On paper the header is the plan's title: its links, buttons and the meetings panel are controls.
    [PRINT]: { '& > :not(h1)': { display: 'none' } },
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    flex: '1 1 20rem',
    minWidth: 0,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  loading: {
    padding: tokens.spacingVerticalXXL,
  },
});

/**
 * The page around the plan view, on paper. The tab fills its frame and scrolls inside it (the app's
 * root is the viewport's height, overflow hidden), which would print one screenful: printing, the
 * page grows to the plan's length. Board plans are landscape documents, and the list's columns need
 * the width.
 */
export const usePlanPrintPage = makeStaticStyles(`
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html, body, #root { height: auto !important; overflow: visible !important; }
  .fui-FluentProvider { display: block !important; height: auto !important; overflow: visible !important; }
}
`);
