import { describe, expect, it } from 'vitest';
import { createPlanApi } from './plan-api.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function apiAnswering(answer: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  return createPlanApi({ getToken: async () => null, fetch: async (url, init) => answer(String(url), init) });
}

describe('plan API client', () => {
  it('calls the API on the same origin with ids and refs encoded, and no Authorization in local mode', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const api = apiAnswering((url, init) => {
      seen.push({ url, auth: new Headers(init?.headers).get('Authorization') });
      return json(404, { error: { code: 'action_not_found', message: 'plan "p 1" has no action 4.2/b' } });
    });
    await expect(api.getAction('p 1', '4.2/b')).rejects.toMatchObject({ kind: 'not-found', status: 404, code: 'action_not_found' });
    expect(seen).toEqual([{ url: '/api/plans/p%201/actions/4.2%2Fb', auth: null }]);
  });

  it('reads a 409 as a conflict carrying the action as it is now', async () => {
    const current = { rag: 'Red', version: '7', timescale: { asWritten: 'June 2018' } };
    const api = apiAnswering(() => json(409, { error: { code: 'version_conflict', message: 'changed since read', current } }));
    await expect(api.changeAction('p', '1.1', { version: '6', rag: 'Green' })).rejects.toMatchObject({ kind: 'conflict', current });
  });

  it('reads consent codes as consent whatever the status, other 401 and 403 as sign-in and access problems', async () => {
    const code = (status: number, c: string) => apiAnswering(() => json(status, { error: { code: c, message: 'm' } })).listPlans();
    await expect(code(401, 'consent_required')).rejects.toMatchObject({ kind: 'consent' });
    await expect(code(403, 'interaction_required')).rejects.toMatchObject({ kind: 'consent' });
    await expect(code(401, 'unauthorized')).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(code(403, 'forbidden')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(code(400, 'invalid_input')).rejects.toMatchObject({ kind: 'invalid', message: 'm' });
  });

  it('reads a network failure, a gateway page or an answer of the wrong shape as the service being unavailable', async () => {
    await expect(apiAnswering(() => Promise.reject(new TypeError('fetch failed'))).listPlans()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(apiAnswering(() => new Response('<html>502 Bad Gateway</html>', { status: 502 })).listPlans()).rejects.toMatchObject({ kind: 'unavailable', status: 502 });
    await expect(apiAnswering(() => json(200, { plans: 'not a list' })).listPlans()).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('posts an update as JSON with the version read and the idempotency key', async () => {
    let body: unknown = null;
    const api = apiAnswering((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(400, { error: { code: 'invalid_input', message: 'an update needs some text' } });
    });
    await expect(api.addUpdate('p', '1.1', { text: ' ', version: '3', key: 'tab:abc12345' })).rejects.toMatchObject({ kind: 'invalid' });
    expect(body).toEqual({ text: ' ', version: '3', key: 'tab:abc12345' });
  });
});

describe('plan API client after consent', () => {
  it('tells the server for a minute that the person has just consented, so it waits for consent to propagate', async () => {
    let clock = 0;
    const seen: (string | null)[] = [];
    const api = createPlanApi({
      getToken: async () => 'token',
      now: () => clock,
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers).get('X-Plan-Consent-Granted'));
        return json(200, []);
      },
    });
    await api.listPlans();
    api.consentGranted!();
    await api.listPlans();
    clock = 61_000;
    await api.listPlans();
    expect(seen).toEqual([null, '1', null]);
  });

  it('keeps the scopes a consent error names, to ask the person for them', async () => {
    const api = apiAnswering(() => json(403, { error: { code: 'consent_required', message: 'm', scopes: ['https://graph.microsoft.com/User.Read'] } }));
    await expect(api.listPlans()).rejects.toMatchObject({ kind: 'consent', scopes: ['https://graph.microsoft.com/User.Read'] });
  });
});

describe('plan API client with a plan larger than a page', () => {
  it('follows the next links until the last page and returns every action in order', async () => {
    const seen: string[] = [];
    const view = (ref: string, order: number) => ({
      id: `a${order}`,
      ref,
      sectionId: 's1',
      order,
      text: `Action ${ref}`,
      leads: [],
      leadsText: '',
      timescale: { asWritten: 'March 2018', reading: { kind: 'date' } },
      rag: 'Amber',
      lastUpdated: null,
      version: '1',
      latestUpdate: null,
    });
    let order = 0;
    const page = (refs: string[], next: string | null) =>
      new Response(JSON.stringify(refs.map((ref) => view(ref, (order += 1)))), {
        status: 200,
        headers: { 'Content-Type': 'application/json', ...(next !== null && { Link: `<${next}>; rel="next"` }) },
      });
    const api = apiAnswering((url) => {
      seen.push(url);
      if (url === '/api/plans/p/actions') return page(['1.1', '1.2'], '/api/plans/p/actions?top=2&skip=2');
      if (url === '/api/plans/p/actions?top=2&skip=2') return page(['2.1', '2.2'], '/api/plans/p/actions?top=2&skip=4');
      return page(['3.1'], null);
    });
    const actions = await api.listActions('p');
    expect(seen).toEqual(['/api/plans/p/actions', '/api/plans/p/actions?top=2&skip=2', '/api/plans/p/actions?top=2&skip=4']);
    expect(actions.map((a) => a.ref)).toEqual(['1.1', '1.2', '2.1', '2.2', '3.1']);
  });

  it('never follows a next link to another site', async () => {
    const seen: string[] = [];
    const api = apiAnswering((url) => {
      seen.push(url);
      return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json', Link: '<https://evil.example/api/plans/p/actions?skip=2>; rel="next"' } });
    });
    await expect(api.listActions('p')).resolves.toEqual([]);
    expect(seen).toEqual(['/api/plans/p/actions']);
  });
});

describe('plan API client for the plan’s record', () => {
  function recording(answer: unknown, status = 200) {
    const seen: { method: string; url: string; body: unknown }[] = [];
    const api = apiAnswering((url, init) => {
      seen.push({ method: init?.method ?? 'GET', url, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
      return json(status, answer);
    });
    return { api, seen };
  }
  const entry = { id: 'h1', kind: 'completion-proposed', changes: [], note: 'Done', author: 'Dawn Porter', origin: 'tab', date: '2018-03-01', recordedAt: '2018-03-01T10:00:00.000Z', sequence: 0 };

  it('posts a completion with its evidence and reads a proposal to the owner (202) as requested', async () => {
    const { api, seen } = recording({ outcome: 'requested', entry }, 202);
    await expect(api.completeAction('p', '1.4', { version: '3', evidence: 'Done', key: 'k1234567' })).resolves.toMatchObject({ outcome: 'requested', entry: { kind: 'completion-proposed' } });
    expect(seen).toEqual([{ method: 'POST', url: '/api/plans/p/actions/1.4/complete', body: { version: '3', evidence: 'Done', key: 'k1234567' } }]);
  });

  it('sends the owner’s answers and a lead’s timescale request to their own paths', async () => {
    const { api, seen } = recording({ outcome: 'answered', entry: { ...entry, kind: 'completion-returned' } });
    await expect(api.answerCompletion('p', '1.4', { version: '3', approve: false, note: 'Not yet' })).resolves.toMatchObject({ outcome: 'answered', entry: { kind: 'completion-returned' } });
    await api.requestTimescale('p', '1.4', { version: '3', timescale: 'June 2018', reason: 'Ofsted' });
    await api.answerTimescale('p', '1.4', { version: '3', agree: true });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/plans/p/actions/1.4/completion-answer',
      'POST /api/plans/p/actions/1.4/timescale-requests',
      'POST /api/plans/p/actions/1.4/timescale-answer',
    ]);
    expect(seen[0]!.body).toEqual({ version: '3', approve: false, note: 'Not yet' });
  });

  it('shows a refusal by someone who is not the owner as the server’s words', async () => {
    const api = apiAnswering(() => json(403, { error: { code: 'not_plan_owner', message: 'only the plan owner can approve the completion of 1.4' } }));
    await expect(api.answerCompletion('p', '1.4', { version: '3', approve: true })).rejects.toMatchObject({ kind: 'forbidden', code: 'not_plan_owner', message: 'only the plan owner can approve the completion of 1.4' });
  });

  it('adds and removes meetings, and asks what changed since a day', async () => {
    const meetings = [{ date: '2018-02-12', source: 'teams', title: null }];
    const { api, seen } = recording(meetings, 201);
    await expect(api.addMeeting('p', { date: '2018-02-12', source: 'teams' })).resolves.toEqual(meetings);
    await api.removeMeeting('p', '2018-02-12');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/plans/p/meetings', 'DELETE /api/plans/p/meetings/2018-02-12']);
    const changes = { since: '2018-02-12', today: '2018-03-01', actions: [], counts: { actionsChanged: 0, newUpdates: 0, ragChanged: 0, timescaleMoved: 0, newlyOverdue: 0, completed: 0 }, lastMeeting: null, nextMeeting: null };
    const asked = recording(changes);
    await expect(asked.api.getChanges('p', '2018-02-12')).resolves.toEqual(changes);
    expect(asked.seen[0]!.url).toBe('/api/plans/p/changes?since=2018-02-12');
  });
});

describe('plan API client in a meeting', () => {
  function answering(body: unknown, status = 200) {
    const seen: { method: string; url: string; body: unknown }[] = [];
    const api = apiAnswering((url, init) => {
      seen.push({ method: init?.method ?? 'GET', url, body: init?.body === undefined ? null : JSON.parse(String(init.body)) });
      return json(status, body);
    });
    return { api, seen };
  }
  const envelope = (you: object) => ({
    plan: { id: 'p', title: 'Plan', owner: null, staleAfterDays: 60, ownerApproves: false, meetings: [] },
    sections: [],
    today: '2018-03-01',
    you: { isOwner: false, ownerApproves: false, mayDecide: true, ...you },
  });

  it('finishes the meeting of a day with the meeting’s chat and the actions discussed, and reads what the summary held', async () => {
    const { api, seen } = answering({ sent: true, summary: { discussed: 2, changes: 3, dueBeforeNext: 4 } });
    await expect(api.finishMeeting!('p 1', { date: '2018-03-01', chatId: '19:meeting@thread.v2', discussed: ['1.4', '2.1'] })).resolves.toEqual({
      sent: true,
      summary: { discussed: 2, changes: 3, dueBeforeNext: 4 },
    });
    expect(seen).toEqual([{ method: 'POST', url: '/api/plans/p%201/meetings/2018-03-01/finish', body: { chatId: '19:meeting@thread.v2', discussed: ['1.4', '2.1'] } }]);
  });

  it('sends a null chat when the tab does not know the meeting’s chat, and reads a summary of another shape as the service failing', async () => {
    const { api, seen } = answering({ sent: 'yes' });
    await expect(api.finishMeeting!('p', { date: '2018-03-01', chatId: null, discussed: [] })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(seen[0]!.body).toEqual({ chatId: null, discussed: [] });
  });

  it('reads a plan answer without `you.mayEdit` (a server from before it) as may edit, and keeps a no', async () => {
    await expect(answering(envelope({})).api.getPlan('p')).resolves.toMatchObject({ you: { mayEdit: true } });
    await expect(answering(envelope({ mayEdit: false })).api.getPlan('p')).resolves.toMatchObject({ you: { mayEdit: false } });
  });

  it('dates a field change and a timescale request with the meeting they were agreed at', async () => {
    const { api, seen } = answering({ outcome: 'requested', entry: { id: 'h', kind: 'timescale-requested', changes: [], note: 'r', author: null, origin: 'tab', date: '2018-03-01', recordedAt: 'x', sequence: 0 } }, 202);
    await api.requestTimescale('p', '1.4', { version: '3', timescale: 'June 2018', reason: 'Agreed at the meeting', date: '2018-03-01', key: 'tab:k1234567' });
    expect(seen[0]!.body).toEqual({ version: '3', timescale: 'June 2018', reason: 'Agreed at the meeting', date: '2018-03-01', key: 'tab:k1234567' });
  });
});

describe('plan API client for the plan’s channel digest', () => {
  const BOARD = { teamId: '19:team@thread.tacv2', channelId: '19:board@thread.tacv2', name: 'Partnership Board' };
  const digest = { channel: BOARD, schedule: { kind: 'before-meeting', daysBefore: 3 }, lastPostedOn: null };
  function answering(body: unknown, status = 200) {
    const seen: { method: string; url: string; body: unknown }[] = [];
    const api = apiAnswering((url, init) => {
      seen.push({ method: init?.method ?? 'GET', url, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
      return status === 204 ? new Response(null, { status }) : json(status, body);
    });
    return { api, seen };
  }
  const envelope = (plan: object) => ({
    plan: { id: 'p', title: 'Plan', owner: null, staleAfterDays: 60, ownerApproves: false, meetings: [], ...plan },
    sections: [],
    today: '2018-03-01',
    you: { isOwner: false, ownerApproves: false, mayDecide: true, mayEdit: true },
  });

  it('reads the plan’s digest setting: linked, unlinked (null), or not sent by a server from before it', async () => {
    await expect(answering(envelope({ channelDigest: digest })).api.getPlan('p')).resolves.toMatchObject({ plan: { channelDigest: digest } });
    await expect(answering(envelope({ channelDigest: null })).api.getPlan('p')).resolves.toMatchObject({ plan: { channelDigest: null } });
    expect((await answering(envelope({})).api.getPlan('p')).plan.channelDigest).toBeUndefined();
    await expect(answering(envelope({ channelDigest: { ...digest, schedule: { kind: 'fortnightly' } } })).api.getPlan('p')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('links the plan to the channel with its schedule (PUT), and answers the setting the server kept', async () => {
    const { api, seen } = answering(digest);
    await expect(api.linkChannelDigest!('p 1', { channel: BOARD, schedule: { kind: 'before-meeting', daysBefore: 3 } })).resolves.toEqual(digest);
    expect(seen).toEqual([{ method: 'PUT', url: '/api/plans/p%201/channel-digest', body: { channel: BOARD, schedule: { kind: 'before-meeting', daysBefore: 3 } } }]);
  });

  it('says why a channel cannot be linked in the server’s words: the app not in the team, the person not in it', async () => {
    const refused = (status: number, code: string) => answering({ error: { code, message: `refused: ${code}` } }, status).api.linkChannelDigest!('p', { channel: BOARD, schedule: { kind: 'on-request' } });
    await expect(refused(409, 'bot_not_in_team')).rejects.toMatchObject({ code: 'bot_not_in_team', status: 409, message: 'refused: bot_not_in_team' });
    await expect(refused(403, 'not_in_team')).rejects.toMatchObject({ kind: 'forbidden', code: 'not_in_team' });
  });

  it('stops posting (DELETE, 204 with no body) and posts now (POST), reading what the digest counted', async () => {
    const unlinked = answering(null, 204);
    await expect(unlinked.api.unlinkChannelDigest!('p')).resolves.toBeUndefined();
    expect(unlinked.seen).toEqual([{ method: 'DELETE', url: '/api/plans/p/channel-digest', body: undefined }]);
    const counts = { actionsChanged: 4, newUpdates: 6, ragChanged: 2, timescaleMoved: 1, newlyOverdue: 1, completed: 0 };
    const posted = answering({ posted: true, since: '2018-02-12', counts });
    await expect(posted.api.postChannelDigest!('p')).resolves.toEqual({ posted: true, since: '2018-02-12', counts });
    expect(posted.seen).toEqual([{ method: 'POST', url: '/api/plans/p/channel-digest/post', body: undefined }]);
  });

  it('reads a plan with no meeting before today as the server’s invalid request, naming what to do', async () => {
    const { api } = answering({ error: { code: 'invalid_input', message: '"Plan" has no meeting before today, so "since the last meeting" has no start' } }, 400);
    await expect(api.postChannelDigest!('p')).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('no meeting before today') });
  });
});
