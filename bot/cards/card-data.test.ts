import { describe, expect, it } from 'vitest';
import { answerData, CARD_VERBS, isAnswerVerb, keyDigest, parseAnswerData, parseRefreshData, refreshData, type CardContext } from './card-data.js';

const context: CardContext = {
  planId: 'gloucestershire-multi-agency-child',
  lead: 'Jane Price',
  userIds: ['29:jane-price'],
  keys: ['gloucestershire-multi-agency-child:1.7|jane price|stale|2017-10#3', 'gloucestershire-multi-agency-child:1.8|jane price|overdue|2017-12-31#12'],
};

describe('card data', () => {
  it('reads back what a button carries, with the inputs Teams merges in by the action\'s slot', () => {
    const data = { ...answerData(context, { actionId: 'gloucestershire-multi-agency-child:1.8', version: '3', reminderKey: context.keys[1]!, slot: 1 }), 'update-1': 'Audit done.', 'rag-1': 'Green', 'timescale-1': '', 'update-0': 'not this one' };
    const parsed = parseAnswerData(data);
    expect(parsed.ok && parsed.value).toEqual({
      planId: context.planId,
      actionId: 'gloucestershire-multi-agency-child:1.8',
      version: '3',
      reminderKey: context.keys[1],
      slot: 1,
      context: { planId: context.planId, lead: 'Jane Price', userIds: [], digests: context.keys.map(keyDigest) },
      text: 'Audit done.',
      rag: 'Green',
      timescale: undefined,
    });
  });

  it('carries the user ids in the refresh only', () => {
    const parsed = parseRefreshData(refreshData(context));
    expect(parsed.ok && parsed.value.userIds).toEqual(['29:jane-price']);
    expect(JSON.stringify(answerData(context, { actionId: 'a', version: '1', reminderKey: context.keys[0]!, slot: 0 }))).not.toContain('29:jane-price');
  });

  it('refuses data that is not a card\'s, and an input far beyond any limit', () => {
    expect(parseAnswerData({ planId: 'p' }).ok).toBe(false);
    expect(parseAnswerData(null).ok).toBe(false);
    const data = { ...answerData(context, { actionId: 'a', version: '1', reminderKey: context.keys[0]!, slot: 0 }), 'update-0': 'x'.repeat(100_001) };
    expect(parseAnswerData(data).ok).toBe(false);
  });

  it('gives each reminder key a short digest of its own', () => {
    const digests = context.keys.map(keyDigest);
    expect(new Set(digests).size).toBe(2);
    expect(digests.every((d) => d.length === 16)).toBe(true);
  });

  it('knows its answer verbs from the refresh', () => {
    expect([CARD_VERBS.recordUpdate, CARD_VERBS.markComplete, CARD_VERBS.snooze].every(isAnswerVerb)).toBe(true);
    expect(isAnswerVerb(CARD_VERBS.refresh)).toBe(false);
  });
});
