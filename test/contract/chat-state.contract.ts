import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { ContractContext } from './contract-context.js';

/** ChatStateStore: what the bot keeps between a conversation's turns, one state per conversation, the last written. */
export function chatStateContract(ctx: ContractContext): void {
  describe('chat state', () => {
    let store: PlanStore;
    beforeEach(() => {
      ({ store } = ctx.current());
    });

    it('has no state for a conversation it has not been told of', async () => {
      expect(await store.readChatState('msteams/conversations/a:unknown')).toBeNull();
    });

    it('keeps one state per conversation, the last written, and each conversation its own', async () => {
      const pending = JSON.stringify({ pending: { text: 'training delivered to 300 officers', key: 'm1', askedAt: '2018-03-01T10:00:00.000Z' } });
      await store.writeChatState('msteams/conversations/a:1', pending, '2018-03-01T10:00:00.000Z');
      await store.writeChatState('msteams/conversations/a:2', '{}', '2018-03-01T10:00:01.000Z');
      expect(await store.readChatState('msteams/conversations/a:1')).toBe(pending);
      const answered = JSON.stringify({ answered: { activityId: 'x', actionId: 'p:1.4', key: 'm1', text: 'training delivered' } });
      await store.writeChatState('msteams/conversations/a:1', answered, '2018-03-01T10:01:00.000Z');
      expect(await store.readChatState('msteams/conversations/a:1')).toBe(answered);
      expect(await store.readChatState('msteams/conversations/a:2')).toBe('{}');
    });

    it('tells apart conversation keys longer than a list column that share their first 200 characters', async () => {
      const base = `msteams/conversations/19:${'x'.repeat(220)}`;
      await store.writeChatState(`${base}@thread.v2`, '{"n":1}', '2018-03-01T10:00:00.000Z');
      await store.writeChatState(`${base}@thread.tacv2`, '{"n":2}', '2018-03-01T10:00:00.000Z');
      expect(await store.readChatState(`${base}@thread.v2`)).toBe('{"n":1}');
      expect(await store.readChatState(`${base}@thread.tacv2`)).toBe('{"n":2}');
    });

    it('keeps people\'s words as they wrote them: quotes, markup, emoji and right-to-left text', async () => {
      const words = JSON.stringify({ pending: { text: '"done" <b>not bold</b> 👍 تم التدريب', key: 'm2', askedAt: '2018-03-01T10:00:00.000Z' } });
      await store.writeChatState('msteams/conversations/a:3', words, '2018-03-01T10:00:00.000Z');
      expect(await store.readChatState('msteams/conversations/a:3')).toBe(words);
    });
  });
}
