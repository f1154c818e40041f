import { routePath } from '../app/routes.js';
import { consentPageUrl } from './consent-request.js';
import { planChannelOf } from './plan-channel.js';
import { ssoAudience } from './sso-token-claims.js';
import { themeFromTeams, type FrameKind, type TabHost, type ThemeName } from './tab-host.js';
import type { TeamsContextLike, TeamsSdk } from './teams-sdk.js';

/** Raised when Teams cannot give the tab an SSO token; `consent` when the person must agree first. */
export class TeamsTokenError extends Error {
  constructor(
    readonly consent: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TeamsTokenError';
  }
}

function frameOf(context: TeamsContextLike): FrameKind {
  const frame = context.page.frameContext;
  return frame === 'sidePanel' || frame === 'meetingStage' || frame === 'settings' ? frame : 'content';
}

/**
 * Every stage in the meeting opens the shared URL; naming who shared it lets that person's stage
 * start presenting (StageFollow), so the others follow without anyone pressing Present.
 */
function sharedBy(url: string, userId: string | undefined): string {
  if (!userId) return url;
  const shared = new URL(url);
  shared.searchParams.set('presenter', userId);
  return shared.toString();
}

// teams-js reports SSO failures as strings; these mean the person has not agreed to the app yet.
const CONSENT_FAILURE = /consent|resourceRequiresConsent|interaction_required|invalid_grant|65001/i;

export interface TeamsHostOptions {
  /** Absolute URL of the tab's consent page (route /consent), opened in Teams' sign-in window. */
  consentPage: string;
}

/**
 * The tab path a deep link's subEntityId names: "<plan id>/<ref>" (bot/delivery/activity-feed.ts,
 * actionDeepLink) opens the action; anything else opens the tab as usual.
 */
export function startPathOf(subPageId: string | undefined): string | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(subPageId ?? '');
  return match ? routePath({ view: 'plan', planId: match[1]!, ref: match[2]! }) : null;
}

/** The host inside Teams, made from an initialised SDK and its context. */
export function teamsHost(sdk: TeamsSdk, context: TeamsContextLike, options: TeamsHostOptions = { consentPage: '/tab/consent' }): TabHost {
  const handlers = new Set<(theme: ThemeName) => void>();
  sdk.app.registerOnThemeChangeHandler((theme) => {
    for (const handler of handlers) handler(themeFromTeams(theme));
  });
  const frame = frameOf(context);
  const name = context.user?.displayName ?? context.user?.userPrincipalName ?? null;
  return {
    kind: 'teams',
    frame,
    theme: themeFromTeams(context.app.theme),
    user: name === null ? null : { name, id: context.user?.id ?? null, upn: context.user?.userPrincipalName ?? null },
    meetingId: context.meeting?.id ? context.meeting.id : null,
    meetingChatId: context.meeting?.id && context.chat?.id ? context.chat.id : null,
    // A channel tab's context names both; a personal, chat or meeting tab has no team.
    channel: planChannelOf(context.team?.internalId, context.channel?.id, context.channel?.displayName),
    startPath: startPathOf(context.page.subPageId),
    // teams-js allows LiveShareHost only in a meeting's side panel and stage.
    liveShare: context.meeting?.id && (frame === 'sidePanel' || frame === 'meetingStage') ? async () => ({ host: sdk.LiveShareHost.create() }) : null,
    async getToken() {
      try {
        // teams-js caches the token and renews it near expiry, so asking each time costs nothing.
        return await sdk.authentication.getAuthToken();
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        throw new TeamsTokenError(CONSENT_FAILURE.test(text), `Teams could not sign you in to the plan app: ${text}`, { cause: error });
      }
    },
    onThemeChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    config:
      frame === 'settings'
        ? {
            setValidity: (valid) => sdk.pages.config.setValidityState(valid),
            onSave(build) {
              sdk.pages.config.registerOnSaveHandler((event) => {
                let settings;
                try {
                  settings = build();
                } catch (error) {
                  event.notifyFailure(error instanceof Error ? error.message : 'the settings are not complete');
                  return;
                }
                sdk.pages.config.setConfig(settings).then(
                  () => event.notifySuccess(),
                  (error: unknown) => event.notifyFailure(error instanceof Error ? error.message : 'Teams did not save the tab'),
                );
              });
            },
          }
        : null,
    shareToStage:
      frame === 'sidePanel'
        ? (url) =>
            new Promise<void>((resolve, reject) => {
              sdk.meeting.shareAppContentToStage((error) => {
                if (error) reject(new Error(error.message ?? `Teams refused to share to the stage (code ${error.errorCode})`));
                else resolve();
              }, sharedBy(url, context.user?.id));
            })
        : null,
    async requestConsent(scopes) {
      const token = await sdk.authentication.getAuthToken();
      const audience = ssoAudience(token);
      if (audience === null) throw new Error('the Teams sign-in token does not name the app and tenant to ask consent for');
      const url = consentPageUrl(options.consentPage, { ...audience, scopes: [...scopes], loginHint: context.user?.userPrincipalName ?? null });
      // Teams opens the page in its sign-in window; the page answers with notifySuccess or notifyFailure.
      await sdk.authentication.authenticate({ url, width: 600, height: 535 });
    },
    finishAuthentication(outcome) {
      if (outcome.ok) sdk.authentication.notifySuccess();
      else sdk.authentication.notifyFailure(outcome.reason);
    },
  };
}
