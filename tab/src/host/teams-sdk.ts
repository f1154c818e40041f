import type { ILiveShareHost } from '@microsoft/live-share';

/**
 * The part of @microsoft/teams-js the tab uses, as an interface: the real module satisfies it,
 * and tests pass a stand-in instead of a Teams client.
 */
export interface TeamsContextLike {
  app: { theme: string };
  /** subPageId: what a deep link to the tab asked it to open (the link's context.subEntityId). */
  page: { id?: string; frameContext?: string; subPageId?: string };
  user?: { id?: string; displayName?: string; userPrincipalName?: string };
  /** Present when the tab is open in a Teams meeting (side panel, stage, or the meeting chat's tab). */
  meeting?: { id?: string };
  /** The chat the tab is in; in a meeting, the meeting's chat. */
  chat?: { id?: string };
  /** Present in a team's channel tab: `internalId` is the team's thread id, the one bots are given. */
  team?: { internalId?: string };
  /** The channel the tab is in, with its name as Teams shows it now. */
  channel?: { id?: string; displayName?: string };
}

export interface TeamsSaveEvent {
  notifySuccess(): void;
  notifyFailure(reason?: string): void;
}

export interface TeamsSdk {
  app: {
    initialize(): Promise<void>;
    getContext(): Promise<TeamsContextLike>;
    notifySuccess(): unknown;
    registerOnThemeChangeHandler(handler: (theme: string) => void): void;
  };
  authentication: {
    getAuthToken(request?: { silent?: boolean }): Promise<string>;
    authenticate(request: { url: string; width?: number; height?: number }): Promise<string>;
    notifySuccess(result?: string): void;
    notifyFailure(reason?: string): void;
  };
  pages: {
    config: {
      setValidityState(valid: boolean): void;
      setConfig(config: { contentUrl: string; websiteUrl?: string; entityId?: string; suggestedDisplayName?: string }): Promise<void>;
      registerOnSaveHandler(handler: (event: TeamsSaveEvent) => void): void;
    };
  };
  /** teams-js's LiveShareHost: Live Share's way to Teams' Fluid service, the meeting's container and people's roles. */
  LiveShareHost: { create(): ILiveShareHost };
  meeting: {
    shareAppContentToStage(callback: (error: { errorCode: number; message?: string } | null, result: boolean | null) => void, url: string): void;
  };
}
