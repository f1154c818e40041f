import { describe, expect, it } from 'vitest';
import { readChatMessage } from './chat-message.js';

describe('chat message', () => {
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
