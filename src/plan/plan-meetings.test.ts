import { describe, expect, it } from 'vitest';
import { lastMeeting, meetingInChat, nextMeeting, summarySent, withDiscussedOn, withMeeting, withoutMeeting, withSummarySent, type PlanMeeting } from './plan-meetings.js';

const m = (date: string, title: string | null = null): PlanMeeting => ({ date, source: 'entered', title });

describe("a plan's meetings", () => {
  it('keeps one meeting a day, in date order, learning a title it did not have', () => {
    const meetings = withMeeting(withMeeting([m('2018-04-09')], m('2018-02-12')), { date: '2018-04-09', source: 'teams', title: 'Board' });
    expect(meetings).toEqual([m('2018-02-12'), m('2018-04-09', 'Board')]);
    expect(withoutMeeting(meetings, '2018-02-12')).toEqual([m('2018-04-09', 'Board')]);
  });

  it('refuses a meeting that is not a day', () => {
    expect(() => withMeeting([], m('2018-02'))).toThrow(/YYYY-MM-DD/);
  });

  it('counts "since the last meeting" from the one before today: a meeting today is the one in progress', () => {
    const meetings = [m('2018-01-15'), m('2018-02-12'), m('2018-03-12')];
    expect(lastMeeting(meetings, '2018-03-12')?.date).toBe('2018-02-12');
    expect(lastMeeting(meetings, '2018-03-13')?.date).toBe('2018-03-12');
    expect(lastMeeting(meetings, '2018-01-15')).toBeNull();
    expect(nextMeeting(meetings, '2018-03-12')?.date).toBe('2018-03-12');
    expect(nextMeeting(meetings, '2018-03-13')).toBeNull();
  });

  it("learns the Teams meeting's chat, the latest one named, and keeps it when the day is named again without one", () => {
    const chat = withMeeting([m('2018-04-09', 'Board')], { date: '2018-04-09', source: 'teams', title: null, chatId: '19:a@thread.v2' });
    expect(chat).toEqual([{ ...m('2018-04-09', 'Board'), chatId: '19:a@thread.v2' }]);
    expect(withMeeting(chat, m('2018-04-09'))).toEqual(chat);
    expect(withMeeting(chat, { ...m('2018-04-09'), chatId: '19:b@thread.v2' })[0]?.chatId).toBe('19:b@thread.v2');
  });

  it("marks the day's summary as posted to a chat once, and finds the meeting a chat that ended was for", () => {
    const meetings = [{ ...m('2018-03-12'), chatId: '19:a@thread.v2' }, { ...m('2018-04-09'), chatId: '19:a@thread.v2' }];
    const sent = withSummarySent(withSummarySent(meetings, '2018-03-12', '19:a@thread.v2'), '2018-03-12', '19:a@thread.v2');
    expect(sent[0]?.summarySentTo).toEqual(['19:a@thread.v2']);
    expect(summarySent(sent, '2018-03-12', '19:a@thread.v2')).toBe(true);
    expect(summarySent(sent, '2018-04-09', '19:a@thread.v2')).toBe(false);
    // A meeting that ran past midnight ends the day after its date; one ahead has not ended.
    expect(meetingInChat(meetings, '19:a@thread.v2', '2018-03-13')?.date).toBe('2018-03-12');
    expect(meetingInChat(meetings, '19:a@thread.v2', '2018-04-09')?.date).toBe('2018-04-09');
    expect(meetingInChat(meetings, '19:other@thread.v2', '2018-04-09')).toBeNull();
  });

  it("adds what the stage showed to the day's discussed list, once each in the order first reported, whoever reports it", () => {
    const meetings = [m('2018-03-12'), m('2018-04-09')];
    const chair = withDiscussedOn(meetings, '2018-04-09', ['1.2', '1.3', '1.2']);
    expect(chair[1]?.discussed).toEqual(['1.2', '1.3']);
    // The secretary's side panel saw 1.3 and 2.1 (it joined late): nothing the chair's reported is lost.
    const both = withDiscussedOn(chair, '2018-04-09', ['1.3', '2.1']);
    expect(both[1]?.discussed).toEqual(['1.2', '1.3', '2.1']);
    expect(both[0]).toBe(meetings[0]);
    // Nothing new: the same meeting, so a store write can be skipped.
    expect(withDiscussedOn(both, '2018-04-09', ['2.1'])[1]).toBe(both[1]);
  });
});
