import { makeStyles, tokens } from '@fluentui/react-components';

const NARROW = '@media (max-width: 599px)';

export const useFilterBarStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    // Filters are controls: paper shows what they chose (the list and its summary), not them.
    '@media print': { display: 'none' },
  },
  field: {
    minWidth: 0,
    flex: '1 1 8rem',
    maxWidth: '15rem',
    [NARROW]: { maxWidth: 'none', flexBasis: '100%' },
  },
  // A native select is as wide as its longest option (a section title) unless told otherwise.
  control: {
    width: '100%',
    minWidth: 0,
  },
  search: {
    minWidth: 0,
    flex: '2 1 14rem',
    maxWidth: '24rem',
    order: 1,
    [NARROW]: { order: 0, maxWidth: 'none' },
  },
  order: {
    minWidth: 0,
    flex: '1 1 9rem',
    maxWidth: '12rem',
    order: 1,
    [NARROW]: { order: 0, maxWidth: 'none' },
  },
  date: {
    minWidth: '9.5rem',
    flex: '1 1 9.5rem',
    maxWidth: '12rem',
    [NARROW]: { maxWidth: 'none' },
  },
  changed: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalXS,
    flex: '0 1 auto',
    [NARROW]: { flexBasis: '100%' },
  },
  meeting: {
    whiteSpace: 'nowrap',
    flexShrink: 0,
  },
  checkbox: {
    alignSelf: 'center',
    paddingTop: tokens.spacingVerticalL,
    [NARROW]: { paddingTop: 0 },
  },
  // Wide: the other filters sit in the bar's own row. Narrow (a meeting side panel): behind a button.
  more: {
    display: 'contents',
    [NARROW]: { display: 'none' },
  },
  moreOpen: {
    [NARROW]: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-end',
      gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
      flexBasis: '100%',
    },
  },
  toggle: {
    display: 'none',
    [NARROW]: { display: 'inline-flex' },
  },
  clear: {
    order: 2,
  },
});
