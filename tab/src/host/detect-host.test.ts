import { describe, expect, it } from 'vitest';
import { createPlanApi } from '../api/plan-api.js';
import { fakeTeams, SSO_TOKEN, teamsContext } from '../test/fake-teams.js';
import { planChannelSchema } from '../../../src/plan/channel-digest-schema.js';
import { simulatedMeeting, simulatedStageUrl } from './local-host.js';
import { planChannelOf } from './plan-channel.js';
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

  it("opens where a deep link asks: the activity feed's link to an action names the plan and the ref", async () => {
    const opened = (subPageId: string | undefined) => detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams({ ...teamsContext('content'), page: { id: 'plans', frameContext: 'content', ...(subPageId !== undefined && { subPageId }) } }) });
    expect((await opened('gloucestershire-cse/1.4')).startPath).toBe('/plans/gloucestershire-cse/actions/1.4');
    expect((await opened('42/4.2b')).startPath).toBe('/plans/42/actions/4.2b');
    for (const other of [undefined, '', 'plans', 'a/b/c', 'a b/1.4']) expect((await opened(other)).startPath, String(other)).toBeNull();
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

  it('knows the team’s channel a channel tab is in, from the context’s team and channel', async () => {
    const context = { ...teamsContext('content'), team: { internalId: '19:team-thread@thread.tacv2' }, channel: { id: '19:board@thread.tacv2', displayName: 'Partnership Board' } };
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams(context) });
    expect(host.channel).toEqual({ teamId: '19:team-thread@thread.tacv2', channelId: '19:board@thread.tacv2', name: 'Partnership Board' });
  });

  it('is in no channel outside a team: a personal or chat tab, or a context naming only one of the two ids', async () => {
    const teamsTab = (context: object) => detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams({ ...teamsContext('content'), ...context }) });
    expect((await teamsTab({ chat: { id: '19:abc@thread.v2' } })).channel).toBeNull();
    expect((await teamsTab({ channel: { id: '19:board@thread.tacv2', displayName: 'Board' } })).channel).toBeNull();
    expect((await teamsTab({ team: { internalId: '19:team@thread.tacv2' }, channel: { displayName: 'Board' } })).channel).toBeNull();
  });

  it('simulates a channel tab in local mode: ?team=, ?channel= and the channel’s name', async () => {
    const local = (search: string) => detectHost({ window: fakeWindow({ framed: false, search }), loadTeams: async () => fakeTeams(teamsContext('content')) });
    const search = `?team=${encodeURIComponent('19:team@thread.tacv2')}&channel=${encodeURIComponent('19:board@thread.tacv2')}&channelName=Partnership%20Board`;
    expect((await local(search)).channel).toEqual({ teamId: '19:team@thread.tacv2', channelId: '19:board@thread.tacv2', name: 'Partnership Board' });
    expect((await local('?team=19%3Ateam%40thread.tacv2&channel=19%3Aboard%40thread.tacv2')).channel).toMatchObject({ name: null });
    expect((await local('')).channel).toBeNull();
  });

  it('takes no channel whose ids the server would refuse to link: empty, spaced, with a slash, ? or #, or over 200 characters', async () => {
    const local = (team: string, channel: string) =>
      detectHost({ window: fakeWindow({ framed: false, search: `?${new URLSearchParams({ team, channel })}` }), loadTeams: async () => fakeTeams(teamsContext('content')) });
    for (const bad of ['', '   ', '19:a b@thread', '19:a/b', '19:a?b', '19:a#b', `19:${'x'.repeat(200)}`]) {
      expect((await local('19:team@thread.tacv2', bad)).channel, bad).toBeNull();
      expect((await local(bad, '19:board@thread.tacv2')).channel, bad).toBeNull();
    }
    expect((await local(' 19:team@thread.tacv2 ', '19:board@thread.tacv2')).channel).toMatchObject({ teamId: '19:team@thread.tacv2' });
  });

  it('reads a channel’s ids by the very rule the server links with (the domain’s planChannelSchema)', () => {
    for (const id of ['19:board@thread.tacv2', ' 19:padded@thread.tacv2 ', '', '19:a b', '19:a/b', '19:a?b', '19:a#b', 'x'.repeat(200), 'x'.repeat(201), '\t19:tab@thread']) {
      const server = planChannelSchema.safeParse({ teamId: id, channelId: id, name: null });
      expect(planChannelOf(id, id, null), JSON.stringify(id)).toEqual(server.success ? server.data : null);
    }
  });

  it('keeps a channel whose name is longer than the server keeps, its name cut to 256 characters', async () => {
    const context = { ...teamsContext('content'), team: { internalId: '19:team@thread.tacv2' }, channel: { id: '19:board@thread.tacv2', displayName: 'B'.repeat(300) } };
    const host = await detectHost({ window: fakeWindow({ framed: true }), loadTeams: async () => fakeTeams(context) });
    expect(host.channel?.name).toBe('B'.repeat(256));
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
