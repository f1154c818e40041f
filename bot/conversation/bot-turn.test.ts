import { describe, expect, it } from 'vitest';
import { eventOf, incomingActivitySchema, textWithoutMention } from './bot-turn.js';

const BOT = { id: '28:plan-bot', name: 'Action plans' };
const activity = (fields: Record<string, unknown>) =>
  incomingActivitySchema.parse({ channelId: 'msteams', recipient: BOT, from: { id: '29:louise', name: 'Louise West', aadObjectId: 'aad-louise' }, conversation: { id: 'a:chat' }, ...fields });

describe('the routing of a turn, as TeamsActivityHandler routed it', () => {
  it('tells an install from an app update, and an uninstall from one', () => {
    expect(eventOf(activity({ type: 'installationUpdate', action: 'add' }))).toEqual({ kind: 'installed', upgrade: false });
    expect(eventOf(activity({ type: 'installationUpdate', action: 'add-upgrade' }))).toEqual({ kind: 'installed', upgrade: true });
    expect(eventOf(activity({ type: 'installationUpdate', action: 'remove' }))).toEqual({ kind: 'uninstalled', upgrade: false });
    expect(eventOf(activity({ type: 'installationUpdate', action: 'remove-upgrade' }))).toEqual({ kind: 'uninstalled', upgrade: true });
    expect(eventOf(activity({ type: 'installationUpdate', action: 'something-new' }))).toEqual({ kind: 'ignored' });
  });

  it('says whether a conversationUpdate added or removed the bot itself', () => {
    expect(eventOf(activity({ type: 'conversationUpdate', membersAdded: [BOT, { id: '29:louise' }] }))).toEqual({ kind: 'members-changed', botAdded: true, botRemoved: false });
    expect(eventOf(activity({ type: 'conversationUpdate', membersRemoved: [{ id: '29:dawn' }] }))).toEqual({ kind: 'members-changed', botAdded: false, botRemoved: false });
    expect(eventOf(activity({ type: 'conversationUpdate', membersRemoved: [BOT] }))).toEqual({ kind: 'members-changed', botAdded: false, botRemoved: true });
  });

  it("takes Teams' meeting end event with its details, and no other event", () => {
    const value = { Id: 'MCMx', JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x', MeetingType: 'Scheduled', Title: 'Board', EndTime: '2018-01-10T10:00:00Z' };
    expect(eventOf(activity({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', value }))).toEqual({ kind: 'meeting-ended' });
    expect(eventOf(activity({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', value: {} }))).toEqual({ kind: 'ignored' });
    expect(eventOf(activity({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', value, channelId: 'webchat' }))).toEqual({ kind: 'ignored' });
    expect(eventOf(activity({ type: 'event', name: 'application/vnd.microsoft.meetingStart', value }))).toEqual({ kind: 'ignored' });
  });

  it("hands on an Action.Execute's verb and data, and answers every other invoke itself", () => {
    const execute = { action: { type: 'Action.Execute', verb: 'update', data: { ref: '1.4' } } };
    expect(eventOf(activity({ type: 'invoke', name: 'adaptiveCard/action', value: execute }))).toEqual({ kind: 'card-action', verb: 'update', data: { ref: '1.4' } });
    expect(eventOf(activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Submit' } } }))).toEqual({
      kind: 'invoke-refused',
      reply: { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'NotSupported', message: "The action 'Action.Submit' is not supported." } } },
    });
    expect(eventOf(activity({ type: 'invoke', name: 'adaptiveCard/action' }))).toMatchObject({ kind: 'invoke-refused', reply: { status: 400, body: { value: { code: 'BadRequest' } } } });
    expect(eventOf(activity({ type: 'invoke', name: 'task/fetch', value: {} }))).toEqual({ kind: 'invoke-refused', reply: { status: 501 } });
  });
});

describe('reading an activity', () => {
  it("cuts the bot's own @mention from a channel message, and no one else's", () => {
    const mention = (id: string, text: string) => ({ type: 'mention', mentioned: { id, name: text }, text });
    const asked = activity({ type: 'message', text: '<at>Action plans</at> since last meeting', entities: [mention(BOT.id, '<at>Action plans</at>'), { type: 'clientInfo', locale: 'en-GB' }] });
    expect(textWithoutMention(asked)).toBe('since last meeting');
    const aboutDawn = activity({ type: 'message', text: '1.4 <at>Dawn</at> booked it', entities: [{ ...mention('29:dawn', '<at>Dawn</at>'), type: 'Mention' }] });
    expect(textWithoutMention(aboutDawn)).toBe('1.4 <at>Dawn</at> booked it');
  });

  it('reads absent and null alike, and unreadable channelData as none', () => {
    const read = activity({ type: 'message', text: null, from: { id: '29:x', name: null }, channelData: { tenant: 'not-an-object' }, membersAdded: null });
    expect(read).toMatchObject({ text: undefined, from: { id: '29:x', name: undefined }, channelData: undefined, membersAdded: [], entities: [] });
  });
});
