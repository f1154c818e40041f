import { themeFromTeams, type TabHost, type ThemeName } from './tab-host.js';

/**
 * The host outside Teams: no sign-in (the server runs in local mode), the theme from `?theme=`
 * so tests and screenshots can ask for dark or contrast.
 */
export function localHost(location: Pick<Location, 'search'>): TabHost {
  const params = new URLSearchParams(location.search);
  const handlers = new Set<(theme: ThemeName) => void>();
  return {
    kind: 'local',
    frame: 'content',
    theme: themeFromTeams(params.get('theme')),
    user: null,
    meetingId: null,
    getToken: async () => null,
    onThemeChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    config: null,
    shareToStage: null,
    requestConsent: null,
    finishAuthentication: null,
  };
}
