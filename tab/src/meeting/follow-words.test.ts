import { describe, expect, it } from 'vitest';
import { followStatus, personWords } from './follow-words.js';
import type { MeetingPerson, WalkThroughSnapshot } from './live-walk-through.js';

const person = (name: string, over: Partial<MeetingPerson> = {}): MeetingPerson => ({
  userId: `local-${name.toLowerCase()}`,
  name,
  me: false,
  presenting: false,
  lookingAhead: false,
  onStage: true,
  mayPresent: true,
  ...over,
});

const snapshot = (over: Partial<WalkThroughSnapshot>): WalkThroughSnapshot => ({
  connection: 'live',
  mode: 'alone',
  presenter: null,
  shown: null,
  presented: null,
  people: [],
  discussed: [],
  changeSignal: 0,
  mayPresent: true,
  ...over,
});

describe('the follow bar’s words', () => {
  const people = [person('Chair', { presenting: true, me: true }), person('Alex'), person('Sam', { lookingAhead: true }), person('Pat', { onStage: false })];

  it('tells the presenter how many follow and how many look ahead, counting only stages', () => {
    expect(followStatus(snapshot({ mode: 'presenting', presenter: { userId: 'local-chair', name: 'Chair' }, people }))).toBe('You are presenting · 1 following, 1 looking ahead');
  });

  it('tells a follower whom they follow, and one looking ahead that the presenter is elsewhere', () => {
    expect(followStatus(snapshot({ mode: 'following', presenter: { userId: 'local-chair', name: 'Chair' } }))).toBe('Following Chair');
    expect(followStatus(snapshot({ mode: 'looking-ahead', presenter: { userId: 'local-chair', name: 'Chair' } }))).toBe('Looking ahead on your own · Chair is elsewhere');
    expect(followStatus(snapshot({ mode: 'alone' }))).toBe('Nobody is presenting: each person moves on their own');
  });

  it('says in words where each person stands, never by colour alone', () => {
    expect(people.map((p) => personWords(p, true))).toEqual(['Chair (you): presenting', 'Alex: following', 'Sam: looking ahead', 'Pat: side panel']);
    // Nobody presents: nobody follows anyone either.
    expect(personWords(person('Alex'), false)).toBe('Alex: on the stage');
  });
});
