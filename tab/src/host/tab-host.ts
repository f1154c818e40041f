import type { PlanChannel } from '../../../src/plan/channel-digest.js';
import type { LiveShareSetup } from '../meeting/live-share-setup.js';

/** Teams' three themes; "glass" and anything new read as default. */
export type ThemeName = 'default' | 'dark' | 'contrast';

/** Where the tab is showing: a channel or personal tab, a meeting's side panel or stage, or its configuration page. */
export type FrameKind = 'content' | 'sidePanel' | 'meetingStage' | 'settings';

export interface TabUser {
  name: string;
  /** Entra ID object id, when known. */
  id: string | null;
  /** User principal name (email form), when known. */
  upn: string | null;
}

/** What the configuration page saves: the tab's content URL carries the plan and its default filter. */
export interface TabInstanceSettings {
  contentUrl: string;
  websiteUrl: string;
  entityId: string;
  suggestedDisplayName: string;
}

export interface TabConfigHost {
  setValidity(valid: boolean): void;
  /** The handler builds the settings when the person presses Teams' Save; a rejection is shown by Teams. */
  onSave(handler: () => TabInstanceSettings): void;
}

/**
 * Everything the views need from where they run. In Teams it is teams-js; in a plain browser
 * (local mode) it is a stand-in with no token and a theme from the URL, so views never branch on Teams.
 */
export interface TabHost {
  kind: 'teams' | 'local';
  frame: FrameKind;
  theme: ThemeName;
  user: TabUser | null;
  /** The Teams meeting the tab is open in (teams-js context `meeting.id`), or null outside one. */
  meetingId: string | null;
  /** The meeting's chat (teams-js context `chat.id`), where the bot posts the meeting's summary; null outside a meeting. */
  meetingChatId: string | null;
  /** The team's channel the tab is in (where the plan's digest can be posted), or null outside a channel. */
  channel: PlanChannel | null;
  /**
   * Where a Teams deep link asked the tab to open, as a tab path: the activity feed's link to an
   * action carries "<plan id>/<ref>" (page.subPageId). Null when nothing was asked.
   */
  startPath: string | null;
  /** In a meeting's side panel or stage: what Live Share joins the meeting's shared session with; null elsewhere. */
  liveShare: (() => Promise<LiveShareSetup>) | null;
  /** A bearer token for the API (Teams SSO), or null in local mode. Called before every request. */
  getToken(): Promise<string | null>;
  /** Subscribes to theme changes; returns the unsubscribe. */
  onThemeChange(handler: (theme: ThemeName) => void): () => void;
  /** Only on the configuration page inside Teams. */
  config: TabConfigHost | null;
  /** Only in a meeting's side panel: share a URL of the tab to the meeting stage. */
  shareToStage: ((url: string) => Promise<void>) | null;
  /**
   * Inside Teams: asks the person to consent to delegated permissions (the scopes the server named)
   * in Teams' sign-in window; resolves once they agreed, rejects with Entra's reason otherwise.
   */
  requestConsent: ((scopes: readonly string[]) => Promise<void>) | null;
  /** Inside Teams' sign-in window: tells Teams how the consent ended, which closes the window. */
  finishAuthentication: ((outcome: { ok: true } | { ok: false; reason: string }) => void) | null;
}

export function themeFromTeams(theme: string | null | undefined): ThemeName {
  return theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'default';
}
