import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * The panels the plan header's buttons open (Meetings, Channel digest): over the filters, under the
 * header's right edge, like a menu; each is in the page's own order for the keyboard and screen
 * readers, right after the button that opens it. Each panel adds its width.
 */
export const useHeaderPanelStyles = makeStyles({
  panel: {
    boxSizing: 'border-box',
    position: 'absolute',
    top: '100%',
    right: tokens.spacingHorizontalL,
    zIndex: 10,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow16,
  },
  panelHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  note: {
    margin: 0,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
});
