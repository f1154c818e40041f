import { beforeEach, describe, expect, it } from 'vitest';
import { chatReferenceKey } from '../../src/store/conversation-reference.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { ContractContext } from './contract-context.js';

/** ConversationReferenceStore: how to reach each person, one reference per person, the newest. */
export function conversationReferencesContract(ctx: ContractContext): void {
  describe('conversation references', () => {
    let store: PlanStore;
    beforeEach(() => {
      ({ store } = ctx.current());
    });

    it('keeps one conversation reference per person, the newest', async () => {
      const ref = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
      await store.saveConversationReference(ref);
      await store.saveConversationReference({ ...ref, conversationId: 'a:2', reference: { conversation: { id: 'a:2' } }, updatedAt: '2018-02-01T00:00:00.000Z' });
      await store.saveConversationReference({ ...ref, userId: 'aad-2', userName: 'Louise West', conversationId: 'a:3' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, conversationId: 'a:2', reference: { conversation: { id: 'a:2' } }, updatedAt: '2018-02-01T00:00:00.000Z' });
      expect((await store.listConversationReferences()).map((r) => r.userId).sort()).toEqual(['aad-1', 'aad-2']);
      expect(await store.getConversationReference('nobody')).toBeNull();
    });

    it('keeps the mark of a person who uninstalled the bot until a newer reference replaces it', async () => {
      const ref = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
      await store.saveConversationReference(ref);
      await store.saveConversationReference({ ...ref, uninstalledAt: '2018-01-03T00:00:00.000Z', updatedAt: '2018-01-03T00:00:00.000Z' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, uninstalledAt: '2018-01-03T00:00:00.000Z', updatedAt: '2018-01-03T00:00:00.000Z' });
      expect((await store.listConversationReferences())[0]?.uninstalledAt).toBe('2018-01-03T00:00:00.000Z');

      await store.saveConversationReference({ ...ref, conversationId: 'a:2', updatedAt: '2018-02-01T00:00:00.000Z' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, conversationId: 'a:2', updatedAt: '2018-02-01T00:00:00.000Z' });
    });

    it("keeps a meeting chat's reference under the chat's key, apart from its members' own", async () => {
      const chatId = `19:meeting_${'Yjg2ZDRhYjMtZTY1Ni00ZjU0LWI3ZDktNjQ4YmFiMDA5NmFm'.repeat(3)}@thread.v2`;
      const person = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
      const chat = { ...person, userId: chatReferenceKey(chatId), userName: 'Partnership Board', conversationId: chatId, reference: { conversation: { id: chatId, conversationType: 'groupChat' } } };
      await store.saveConversationReference(person);
      await store.saveConversationReference(chat);
      expect(await store.getConversationReference(chatReferenceKey(chatId))).toEqual(chat);
      expect(await store.getConversationReference('aad-1')).toEqual(person);
      await store.saveConversationReference({ ...chat, uninstalledAt: '2018-03-12T12:00:00.000Z' });
      expect((await store.getConversationReference(chatReferenceKey(chatId)))?.uninstalledAt).toBe('2018-03-12T12:00:00.000Z');
    });
  });
}
