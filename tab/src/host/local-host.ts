import { planChannelOf } from './plan-channel.js';
import type { FrameKind } from './tab-host.js';
import { themeFromTeams, type TabHost, type ThemeName } from './tab-host.js';

const SIMULATED_FRAMES: Record<string, FrameKind> = { stage: 'meetingStage', meetingStage: 'meetingStage', sidePanel: 'sidePanel', side: 'sidePanel' };

/** Meeting roles a simulated person may have (Teams' UserMeetingRole); the chair organises. */
export type SimulatedRole = 'Organizer' | 'Presenter' | 'Attendee';

/**
 * `?meeting=<id>`: a Teams meeting simulated in plain browser windows, for a newcomer and for tests.
 * `frame=stage|sidePanel` says where this window is, `as=` who is in it, `role=` their meeting role.
 */
export interface SimulatedMeeting {
  id: string;
  frame: FrameKind;
  name: string;
  /** The person's id in the meeting, from their name: the same name in two windows is one person (stage and side panel). */
  userId: string;
  role: SimulatedRole;
}

export function simulatedMeeting(location: Pick<Location, 'search'> & Partial<Pick<Location, 'pathname'>>): SimulatedMeeting | null {
  const params = new URLSearchParams(location.search);
  const id = params.get('meeting');
  if (id === null || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const name = (params.get('as') ?? '').trim().slice(0, 100) || 'You';
  const role = params.get('role')?.toLowerCase();
  return {
    id,
    // Without frame=, the stage's address opens the stage and any other the side panel.
    frame: SIMULATED_FRAMES[params.get('frame') ?? ''] ?? (/\/stage\/?$/.test(location.pathname ?? '') ? 'meetingStage' : 'sidePanel'),
    name,
    userId: `local-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    role: role === 'attendee' ? 'Attendee' : role === 'presenter' ? 'Presenter' : 'Organizer',
  };
}

/** The stage window of a simulated meeting, for the shared URL: this person's, named as its presenter. */
export function simulatedStageUrl(url: string, meeting: SimulatedMeeting): string {
  const stage = new URL(url);
  stage.searchParams.set('meeting', meeting.id);
  stage.searchParams.set('as', meeting.name);
  stage.searchParams.set('role', meeting.role.toLowerCase());
  stage.searchParams.set('frame', 'stage');
  stage.searchParams.set('presenter', meeting.userId);
  return stage.toString();
}

function openSimulatedStage(url: string, meeting: SimulatedMeeting): void {
  // One stage window per meeting and person: sharing again replaces what it shows.
  const opened = window.open(simulatedStageUrl(url, meeting), `plan-stage-${meeting.id}-${meeting.userId}`);
  if (opened === null) throw new Error('the browser blocked the stage window: allow pop-ups for this page');
}

/**
 * The host outside Teams: no sign-in (the server runs in local mode), the theme from `?theme=`
 * so tests and screenshots can ask for dark or contrast, with `?meeting=` a simulated meeting, and
 * with `?team=<id>&channel=<id>&channelName=` the team's channel a channel tab would be in.
 */
export function localHost(location: Pick<Location, 'search'> & Partial<Pick<Location, 'pathname'>>): TabHost {
  const params = new URLSearchParams(location.search);
  const handlers = new Set<(theme: ThemeName) => void>();
  const meeting = simulatedMeeting(location);
  return {
    kind: 'local',
    frame: meeting?.frame ?? 'content',
    theme: themeFromTeams(params.get('theme')),
    user: meeting ? { name: meeting.name, id: meeting.userId, upn: null } : null,
    meetingId: meeting?.id ?? null,
    meetingChatId: null,
    channel: planChannelOf(params.get('team'), params.get('channel'), params.get('channelName')),
    startPath: null,
    getToken: async () => null,
    onThemeChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    config: null,
    // Teams puts the shared URL on the meeting's stage; a simulated meeting opens it as the sharer's stage window, presenting.
    shareToStage: meeting?.frame === 'sidePanel' ? async (url) => openSimulatedStage(url, meeting) : null,
    liveShare: meeting ? () => import('../meeting/simulated-meeting-host.js').then(({ simulatedLiveShare }) => simulatedLiveShare(meeting)) : null,
    requestConsent: null,
    finishAuthentication: null,
  };
}
