import { describe, expect, it } from 'vitest';
import { createPlanApi } from '../api/plan-api.js';
import { fakeTeams, SSO_TOKEN, teamsContext } from '../test/fake-teams.js';
import { simulatedMeeting, simulatedStageUrl } from './local-host.js';
import { detectHost, type DetectHostOptions } from './detect-host.js';

type FakeWindow = DetectHostOptions['window'];

/** A window that is its own parent (a top-level page) or has another (a frame, as in Teams). */
function fakeWindow(options: { framed: boolean; search?: string }): FakeWindow {
  const win: Record<string, unknown> = {
    location: { search: options.search ?? '' },
    opener: null,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
  };
  win.parent = options.framed ? {} : win;
  return win as unknown as FakeWindow;
}

describe('finding the host', () => {
  it('is local mode in a plain browser window, without downloading teams-js', async () => {
    let loaded = false;
    const host = await detectHost({ window: fakeWindow({ framed: false }), loadTeams: async () => ((loaded = true), fakeTeams(teamsContext('content'))) });
    expect(host.kind).toBe('local');
    expect(loaded).toBe(false);
    expect(await host.getToken()).toBeNull();
  });

  it('is local mode when framed by something that never answers the Teams handshake', async () => {
    const silent = fakeTeams(teamsContext('content'), { initialize: () => new Promise<void>(() => {}) });
    const started = Date.now();
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => silent, timeoutMs: 50 });
    expect(host.kind).toBe('local');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('takes the theme from ?theme= in local mode, for tests and screenshots', async () => {
    const host = await detectHost({ window: fakeWindow({ framed: false, search: '?theme=dark' }), loadTeams: async () => fakeTeams(teamsContext('content')) });
    expect(host.theme).toBe('dark');
  });

  it('in Teams initialises, says it loaded, and reads frame, theme and user from the context', async () => {
    const teams = fakeTeams(teamsContext('sidePanel', 'contrast'));
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => teams });
    expect(host.kind).toBe('teams');
    expect(teams.calls).toEqual(['initialize', 'notifySuccess']);
    expect(host.frame).toBe('sidePanel');
    expect(host.theme).toBe('contrast');
    expect(host.user).toEqual({ name: 'Louise West', id: 'user-1', upn: 'louise.west@example.org' });
    expect(host.shareToStage).not.toBeNull();
    expect(host.meetingId).toBeNull();
  });

  it('knows the Teams meeting it is open in, from the context’s meeting id', async () => {
    const context = { ...teamsContext('meetingStage'), meeting: { id: 'MCMxOTptZWV0aW5n' } };
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams(context) });
    expect(host.meetingId).toBe('MCMxOTptZWV0aW5n');
    expect((await detectHost({ window: fakeWindow({ framed: false }), loadTeams: async () => fakeTeams(context) })).meetingId).toBeNull();
  });

  it('in a meeting’s side panel and stage joins Live Share through Teams, and knows the meeting’s chat', async () => {
    const context = { ...teamsContext('sidePanel'), meeting: { id: 'MCMxOTptZWV0aW5n' }, chat: { id: '19:meeting_abc@thread.v2' } };
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams(context) });
    expect(host.meetingChatId).toBe('19:meeting_abc@thread.v2');
    expect(host.liveShare).not.toBeNull();
    const channelTab = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams({ ...teamsContext('content'), chat: { id: '19:abc@thread.v2' } }) });
    expect(channelTab.liveShare).toBeNull();
    expect(channelTab.meetingChatId).toBeNull();
  });

  it('shares to the stage with who shared it, so their stage presents and everyone else follows', async () => {
    const teams = fakeTeams({ ...teamsContext('sidePanel'), meeting: { id: 'MCMxOTptZWV0aW5n' } });
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => teams });
    await host.shareToStage!('https://plans.example.org/tab/plans/p1/stage?rag=Red');
    expect(teams.calls).toContain('share https://plans.example.org/tab/plans/p1/stage?rag=Red&presenter=user-1');
  });

  it('simulates a meeting in local mode: ?meeting= with who (as=), where (frame=) and their meeting role', async () => {
    const stage = await detectHost({ window: fakeWindow({ framed: false, search: '?meeting=demo&as=Alex%20Smith&role=attendee' }), loadTeams: async () => fakeTeams(teamsContext('content')) });
    expect(stage.meetingId).toBe('demo');
    expect(stage.user).toEqual({ name: 'Alex Smith', id: 'local-alex-smith', upn: null });
    expect(stage.frame).toBe('sidePanel');
    expect(stage.liveShare).not.toBeNull();
    expect(stage.shareToStage).not.toBeNull();
    const shared = new URL(simulatedStageUrl('http://127.0.0.1:3978/tab/plans/p1/stage?rag=Red', simulatedMeeting({ search: '?meeting=demo&as=Alex%20Smith&role=attendee' })!));
    expect(Object.fromEntries(shared.searchParams)).toEqual({ rag: 'Red', meeting: 'demo', as: 'Alex Smith', role: 'attendee', frame: 'stage', presenter: 'local-alex-smith' });
    const plain = await detectHost({ window: fakeWindow({ framed: false, search: '?meeting=../etc' }), loadTeams: async () => fakeTeams(teamsContext('content')) });
    expect(plain.meetingId).toBeNull();
    expect(plain.liveShare).toBeNull();
  });

  it('follows the Teams theme when the person changes it', async () => {
    const teams = fakeTeams(teamsContext('content'));
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => teams });
    const seen: string[] = [];
    host.onThemeChange((theme) => seen.push(theme));
    teams.themeHandler!('dark');
    teams.themeHandler!('glass');
    expect(seen).toEqual(['dark', 'default']);
  });

  it('sends the Teams SSO token with every API call', async () => {
    const teams = fakeTeams(teamsContext('content'));
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => teams });
    const headers: (string | null)[] = [];
    const api = createPlanApi({
      getToken: () => host.getToken(),
      fetch: async (_url, init) => {
        headers.push(new Headers(init?.headers).get('Authorization'));
        return new Response('[]', { status: 200 });
      },
    });
    await api.listPlans();
    await api.listPlans();
    expect(headers).toEqual([`Bearer ${SSO_TOKEN}`, `Bearer ${SSO_TOKEN}`]);
    expect(teams.tokenRequests).toBe(2);
  });

  it('turns a Teams sign-in failure that needs consent into a consent error the views explain', async () => {
    const teams = fakeTeams(teamsContext('content'), { token: () => Promise.reject(new Error('resourceRequiresConsent')) });
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => teams });
    const api = createPlanApi({ getToken: () => host.getToken(), fetch: async () => new Response('[]') });
    await expect(api.listPlans()).rejects.toMatchObject({ kind: 'consent' });
  });
});
