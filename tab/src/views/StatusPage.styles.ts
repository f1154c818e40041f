import { makeStyles, tokens } from '@fluentui/react-components';

export const useStatusStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    maxWidth: '40rem',
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
  },
  detail: {
    color: tokens.colorNeutralForeground2,
    margin: 0,
  },
  steps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
  },
});
