import { describe, expect, it } from 'vitest';
import { readChatMessage } from './chat-message.js';

describe('chat message', () => {
  it('reads closing an action with what difference it made, however it is put', () => {
    expect(readChatMessage('complete 1.4: every school has a named CSE lead')).toEqual({ kind: 'complete', ref: '1.4', evidence: 'every school has a named CSE lead' });
    expect(readChatMessage('Mark 4.2b complete - referrals up a third')).toEqual({ kind: 'complete', ref: '4.2b', evidence: 'referrals up a third' });
    expect(readChatMessage('1.4 done: audit shows 90% trained')).toEqual({ kind: 'complete', ref: '1.4', evidence: 'audit shows 90% trained' });
    expect(readChatMessage('1.4 completed.')).toEqual({ kind: 'complete', ref: '1.4', evidence: '' });
  });

  it('keeps an update that only mentions the word as an update', () => {
    expect(readChatMessage('1.4 done the training for 300 officers')).toMatchObject({ kind: 'update', ref: '1.4' });
    expect(readChatMessage('1.4 completed training for health visitors')).toMatchObject({ kind: 'update', ref: '1.4' });
  });

  it('reads "1.4 training delivered to 300 officers" as an update on 1.4', () => {
    expect(readChatMessage('1.4 training delivered to 300 officers')).toEqual({ kind: 'update', ref: '1.4', text: 'training delivered to 300 officers', whole: '1.4 training delivered to 300 officers' });
  });

  it('takes a ref written as "Action 4.2b:" or "4.2b -", and a ref alone as an answer with no text', () => {
    expect(readChatMessage('Action 4.2b: referral pathway reviewed')).toMatchObject({ ref: '4.2b', text: 'referral pathway reviewed' });
    expect(readChatMessage('4.2b - reviewed')).toMatchObject({ ref: '4.2b', text: 'reviewed' });
    expect(readChatMessage(' 1.5. ')).toMatchObject({ kind: 'update', ref: '1.5', text: '' });
  });

  it('reads a message without a leading number as an update with no ref', () => {
    expect(readChatMessage('Training delivered to 300 officers')).toEqual({ kind: 'update', ref: null, text: 'Training delivered to 300 officers', whole: 'Training delivered to 300 officers' });
  });

  it('does not take a number run into a word ("1.4million") as a ref', () => {
    expect(readChatMessage('1.4million leaflets printed')).toMatchObject({ ref: null });
  });

  it('keeps the whole message for when a leading number is no ref ("300 officers trained")', () => {
    expect(readChatMessage('300 officers trained')).toMatchObject({ ref: '300', text: 'officers trained', whole: '300 officers trained' });
  });

  it('knows the commands in any case, with trailing punctuation', () => {
    expect(['help', 'Help!', '?'].map((t) => readChatMessage(t).kind)).toEqual(['help', 'help', 'help']);
    expect(['my actions', 'My Actions.', 'show my actions'].map((t) => readChatMessage(t).kind)).toEqual(['my-actions', 'my-actions', 'my-actions']);
    expect(readChatMessage('cancel').kind).toBe('cancel');
    expect(readChatMessage('   ').kind).toBe('empty');
  });
});
