import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction, type CardActionResponse } from '../../bot/cards/card-actions.js';
import type { AdaptiveCard, ExecuteAction } from '../../bot/cards/adaptive-card.js';
import { OWNER_CARD_VERBS } from '../../bot/cards/owner-card-data.js';
import { MAX_REQUESTS_PER_CARD } from '../../bot/cards/owner-requests-card.js';
import { answerCompletion } from '../../src/service/completion-requests.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { change } from '../fixtures/action-changes.js';
import { cardProblems } from './adaptive-card-check.js';
import { cardText, executeActions, inputsOf, pressOwner, refreshOf, textBlocks } from './card-buttons.js';
import { cardOf, GLOS_DAY, GLOS_NOW, PEOPLE } from './card-gallery.js';
import { askForTimescale, ownerApproves, ownerCardOn, proposeCompletion } from './owner-requests-seed.js';
import { seededStore, type SeededStore } from './seed-reminders.js';

/*
 * The plan owner answers leads' requests from a card (issue 15, item 6): a completion proposed with
 * its impact evidence is approved or returned, a new timescale asked for is agreed or declined,
 * each through the same service as the tab, each a history entry from a card.
 */

let seeded: SeededStore;
let store: PlanStore;
let now: Date;
const deps = () => ({ store, clock: () => now });

const OWNER = PEOPLE.janePrice;
const ASKED_AT = new Date('2018-06-18T13:02:00Z');
const EVIDENCE = 'Taxi drivers trained in May; 40 referrals from drivers since March';
const REASON = 'The voluntary sector survey closes at the end of August';

beforeEach(async () => {
  seeded = await seededStore();
  store = seeded.store;
  now = GLOS_NOW;
  await ownerApproves(store, seeded.glos, OWNER);
  await proposeCompletion(store, seeded.glos, '3.4', PEOPLE.nigelHatten, EVIDENCE, ASKED_AT);
  await askForTimescale(store, seeded.glos, '4.1', PEOPLE.louiseWest, 'September 2018', REASON, ASKED_AT);
});

afterEach(async () => {
  await store.close();
});

const ownerCard = (): Promise<AdaptiveCard> => ownerCardOn(store, seeded.glos, GLOS_DAY, OWNER.name, [OWNER.mri]);

async function action(ref: string) {
  const found = await store.getActionByRef(seeded.glos.id, ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

const answers = (card: AdaptiveCard): ExecuteAction[] => executeActions(card).filter((a) => a.verb !== OWNER_CARD_VERBS.refresh);

function errorBody(response: CardActionResponse): { code: string; message: string } {
  expect(response.type).toBe('application/vnd.microsoft.error');
  return response.value as { code: string; message: string };
}

describe("the plan owner's requests card", () => {
  it('lists each request waiting for the owner: ref and title, who asked and when, the evidence or the reason, and for a timescale the one now and the one asked for', async () => {
    const a34 = await action('3.4');
    const a41 = await action('4.1');
    const text = cardText(await ownerCard());
    expect(text).toContain('Requests waiting for your answer');
    expect(text).toContain('For Jane Price, plan owner, on 20 Jun 2018: 2 requests from leads wait for your answer');
    expect(text).toContain(`3.4  ${a34.title}`);
    expect(text).toContain('Completion proposed by Nigel Hatten on a card, 18 Jun 2018 at 14:02');
    expect(text).toContain(`What difference it made: ${EVIDENCE}`);
    expect(text).toContain(`4.1  ${a41.title}`);
    expect(text).toContain('New timescale asked for by Louise West on a card, 18 Jun 2018 at 14:02');
    expect(text).toContain('Timescale now: May 2018');
    expect(text).toContain('Asked for: September 2018');
    expect(text).toContain(`Why: ${REASON}`);
    expect(text.indexOf('3.4  ')).toBeLessThan(text.indexOf('4.1  '));
  });

  it('lists nothing answered already, and nothing on an action closed since it was asked', async () => {
    await proposeCompletion(store, seeded.glos, '4.5', PEOPLE.sarita, 'Every contract now names CSE', ASKED_AT);
    const a45 = await action('4.5');
    await answerCompletion(store, a45, a45.version, { approve: false, note: 'Two contracts still to check' }, {
      by: { author: OWNER.name, authorId: OWNER.id, origin: 'tab' },
      isOwner: true,
      ownerApproves: true,
      key: 'tab:return-4.5',
      now: ASKED_AT,
      today: '2018-06-18',
    });
    await proposeCompletion(store, seeded.glos, '4.3', PEOPLE.annette, 'Scoping done', ASKED_AT);
    const a43 = await action('4.3');
    await store.changeAction(a43.id, a43.version, change({ rag: 'Complete', changedAt: ASKED_AT.toISOString() }));

    const text = cardText(await ownerCard());
    expect(text).not.toContain('4.5  ');
    expect(text).not.toContain('4.3  ');
    expect(text).toContain('2 requests from leads wait');
  });

  it('gives a completion Approve and Return, a timescale Agree and Decline; the reason box sits behind Return or Decline and is required there', async () => {
    const card = await ownerCard();
    expect(answers(card).map((a) => [a.verb, a.associatedInputs])).toEqual([
      [OWNER_CARD_VERBS.approve, 'none'],
      [OWNER_CARD_VERBS.return, 'auto'],
      [OWNER_CARD_VERBS.agree, 'none'],
      [OWNER_CARD_VERBS.decline, 'auto'],
    ]);
    const boxes = inputsOf(card);
    expect(boxes.map((b) => [b.id, b.isRequired])).toEqual([
      ['note-0', true],
      ['note-1', true],
    ]);
    // Not in the card's body, where an empty required box would hold up every other button.
    expect(card.body.flatMap((e) => (e.type === 'Container' ? e.items : [])).some((e) => e.type === 'Input.Text')).toBe(false);
    expect(card.refresh).toMatchObject({ action: { verb: OWNER_CARD_VERBS.refresh }, userIds: [OWNER.mri] });
  });

  it("shows people's words as they wrote them, never as markdown", async () => {
    await proposeCompletion(store, seeded.glos, '4.5', PEOPLE.sarita, '**All** contracts [checked](https://example.com) - see list', ASKED_AT);
    const card = await ownerCard();
    expect(cardText(card)).toContain('**All** contracts [checked](https://example.com) - see list');
    const blocks = textBlocks(card).join('\n');
    for (const words of ['**All**', 'Nigel Hatten', EVIDENCE, REASON, 'September 2018', 'Jane Price']) expect(blocks).not.toContain(words);
  });

  it(`passes Microsoft's renderer at schema 1.5, and lists ${MAX_REQUESTS_PER_CARD} requests of 2,000 characters within Teams' 100 KB, saying how many more wait`, async () => {
    expect(cardProblems(await ownerCard())).toEqual([]);
    const open = (await store.findActions(seeded.glos.id)).filter((a) => a.rag !== 'Complete' && !['3.4', '4.1'].includes(a.ref) && a.timescale.reading.kind === 'due');
    expect(open.length).toBeGreaterThanOrEqual(MAX_REQUESTS_PER_CARD);
    for (const [i, a] of open.slice(0, MAX_REQUESTS_PER_CARD).entries()) {
      if (i % 2 === 0) await proposeCompletion(store, seeded.glos, a.ref, PEOPLE.louiseWest, 'Evidence. '.repeat(200), ASKED_AT);
      else await askForTimescale(store, seeded.glos, a.ref, PEOPLE.louiseWest, 'December 2018', 'Reasons. '.repeat(222), ASKED_AT);
    }
    const full = await ownerCard();
    expect(cardProblems(full)).toEqual([]);
    expect(answers(full).filter((a) => a.verb === OWNER_CARD_VERBS.approve || a.verb === OWNER_CARD_VERBS.agree)).toHaveLength(MAX_REQUESTS_PER_CARD);
    expect(cardText(full)).toContain('2 more requests wait beyond these');
    expect(JSON.stringify(full).length).toBeLessThan(100 * 1024);
  });
});

describe('approving or returning a completion from the card', () => {
  it("closes the action on Approve, with the lead's evidence in the history, by the owner, from a card; the other request keeps its buttons", async () => {
    const card = await ownerCard();
    const response = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.approve), user: OWNER });
    const after = await action('3.4');
    expect(after.rag).toBe('Complete');
    expect(after.history.at(-1)).toMatchObject({
      kind: 'completion-approved',
      author: 'Jane Price',
      authorId: OWNER.id,
      origin: 'card',
      note: EVIDENCE,
      recordedAt: GLOS_NOW.toISOString(),
      changes: expect.arrayContaining([{ field: 'status', was: 'open', now: 'closed' }]),
    });
    const returned = cardOf(response);
    const text = cardText(returned);
    expect(text).toContain('Completion of 3.4 approved');
    expect(text).toContain('✓ Approved by Jane Price on a card, 20 Jun 2018 at 10:15: 3.4 is complete.');
    expect(text).toContain('1 request from leads waits for your answer');
    expect(answers(returned).map((a) => a.verb)).toEqual([OWNER_CARD_VERBS.agree, OWNER_CARD_VERBS.decline]);
    expect(returned.refresh?.userIds).toEqual([OWNER.mri]);
    expect(cardProblems(returned)).toEqual([]);
  });

  it('needs a reason to return a completion: without one nothing is recorded and the box says so; with one the action stays open and the reason is in the history', async () => {
    const card = await ownerCard();
    const before = await action('3.4');
    const empty = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.return, '   '), user: OWNER });
    expect((await action('3.4')).history).toEqual(before.history);
    const refused = cardOf(empty);
    expect(cardText(refused)).toContain('Nothing was recorded on 3.4: returning a completion needs your reason.');
    expect(cardText(refused)).toContain('Say why you are returning it: the lead reads your reason.');

    const response = await handleCardAction(deps(), { ...pressOwner(refused, '3.4', OWNER_CARD_VERBS.return, 'Send the referral figures for April and May first'), user: OWNER });
    const after = await action('3.4');
    expect(after.rag).toBe(before.rag);
    expect(after.history.at(-1)).toMatchObject({ kind: 'completion-returned', author: 'Jane Price', origin: 'card', note: 'Send the referral figures for April and May first' });
    const text = cardText(cardOf(response));
    expect(text).toContain('3.4 returned to the lead');
    expect(text).toContain('Returned to the lead by Jane Price on a card, 20 Jun 2018 at 10:15: 3.4 stays open.');
    expect(text).toContain('Reason: Send the referral figures for April and May first');
  });
});

describe('agreeing or declining a new timescale from the card', () => {
  it('changes the timescale to the one asked for on Agree, with the reason in the history', async () => {
    const response = await handleCardAction(deps(), { ...pressOwner(await ownerCard(), '4.1', OWNER_CARD_VERBS.agree), user: OWNER });
    const after = await action('4.1');
    expect(after.timescale.asWritten).toBe('September 2018');
    expect(after.history.at(-1)).toMatchObject({ kind: 'timescale-agreed', origin: 'card', author: 'Jane Price', note: REASON, changes: [{ field: 'timescale', was: 'May 2018', now: 'September 2018' }] });
    expect(cardText(cardOf(response))).toContain('New timescale for 4.1 agreed');
    expect(cardText(cardOf(response))).toContain('Timescale now: September 2018');
  });

  it('keeps the timescale on Decline, which needs a reason', async () => {
    const card = await ownerCard();
    const empty = await handleCardAction(deps(), { ...pressOwner(card, '4.1', OWNER_CARD_VERBS.decline), user: OWNER });
    expect(cardText(cardOf(empty))).toContain('Say why you are declining it');
    expect((await action('4.1')).history.at(-1)?.kind).toBe('timescale-requested');
    await handleCardAction(deps(), { ...pressOwner(card, '4.1', OWNER_CARD_VERBS.decline, 'The board reports in July'), user: OWNER });
    const after = await action('4.1');
    expect(after.timescale.asWritten).toBe('May 2018');
    expect(after.history.at(-1)).toMatchObject({ kind: 'timescale-declined', note: 'The board reports in July', origin: 'card' });
  });
});

describe('who may answer', () => {
  it('refuses anyone but the plan owner, saying so on the card, and changes nothing', async () => {
    const card = await ownerCard();
    const before = await action('3.4');
    const response = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.approve), user: PEOPLE.nigelHatten });
    expect(response.statusCode).toBe(200);
    const returned = cardOf(response);
    expect(cardText(returned)).toContain('Sorry, only the plan owner can approve the completion of 3.4, and you are not the plan owner. Nothing was recorded.');
    expect(answers(returned)).toEqual([]);
    expect(await action('3.4')).toMatchObject({ rag: before.rag, version: before.version, history: before.history });
  });

  it('refuses a namesake: a signed-in owner is known by the id their name is mapped to', async () => {
    const response = await handleCardAction(deps(), { ...pressOwner(await ownerCard(), '4.1', OWNER_CARD_VERBS.agree), user: { id: 'aad-another-jane', name: 'Jane Price' } });
    expect(cardText(cardOf(response))).toContain('only the plan owner can agree a new timescale for 4.1');
    expect((await action('4.1')).timescale.asWritten).toBe('May 2018');
  });
});

describe('a second press', () => {
  it('records a double press or a retried invoke once, and answers both with the same card', async () => {
    const invoke = { ...pressOwner(await ownerCard(), '3.4', OWNER_CARD_VERBS.approve), user: OWNER };
    const first = await handleCardAction(deps(), invoke);
    now = new Date(GLOS_NOW.getTime() + 4_000);
    const second = await handleCardAction(deps(), invoke);
    expect((await action('3.4')).history.filter((h) => h.kind === 'completion-approved')).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('records two presses arriving at the same moment once', async () => {
    const invoke = { ...pressOwner(await ownerCard(), '3.4', OWNER_CARD_VERBS.approve), user: OWNER };
    const responses = await Promise.all([handleCardAction(deps(), invoke), handleCardAction(deps(), invoke)]);
    expect((await action('3.4')).history.filter((h) => h.kind === 'completion-approved')).toHaveLength(1);
    for (const r of responses) expect(cardText(cardOf(r))).toContain('Completion of 3.4 approved');
  });

  it('keeps the first answer when Return is pressed again with other words, or Approve after it', async () => {
    const card = await ownerCard();
    await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.return, 'Figures first'), user: OWNER });
    const again = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.return, 'Something else'), user: OWNER });
    const approved = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.approve), user: OWNER });
    const after = await action('3.4');
    expect(after.history.filter((h) => h.kind.startsWith('completion-') && h.kind !== 'completion-proposed').map((h) => [h.kind, h.note])).toEqual([['completion-returned', 'Figures first']]);
    expect(after.rag).not.toBe('Complete');
    expect(cardText(cardOf(again))).toContain('Reason: Figures first');
    expect(cardText(cardOf(approved))).toContain('This request on 3.4 was answered already, so nothing more was recorded.');
  });
});

describe('a card answered after things changed', () => {
  it('records nothing when the action changed after the card was sent, shows it as it is now, and the card it returns approves', async () => {
    const card = await ownerCard();
    const a34 = await action('3.4');
    await store.changeAction(a34.id, a34.version, change({ rag: 'Red', changedAt: GLOS_NOW.toISOString() }));
    const response = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.approve), user: OWNER });
    expect((await action('3.4')).rag).toBe('Red');
    const returned = cardOf(response);
    expect(cardText(returned)).toContain('Nothing was recorded on 3.4: the action was changed after this card was sent (RAG now Red');
    expect(cardText(returned)).toContain('RAG now: ● Red');
    await handleCardAction(deps(), { ...pressOwner(returned, '3.4', OWNER_CARD_VERBS.approve), user: OWNER });
    expect((await action('3.4')).rag).toBe('Complete');
  });

  it('says a request answered in the tab since is answered, recording nothing more', async () => {
    const card = await ownerCard();
    const a34 = await action('3.4');
    await answerCompletion(store, a34, a34.version, { approve: true }, {
      by: { author: OWNER.name, authorId: OWNER.id, origin: 'tab' },
      isOwner: true,
      ownerApproves: true,
      key: 'tab:approve-3.4',
      now: GLOS_NOW,
      today: GLOS_DAY,
    });
    const count = (await action('3.4')).history.length;
    const response = await handleCardAction(deps(), { ...pressOwner(card, '3.4', OWNER_CARD_VERBS.return, 'Not yet'), user: OWNER });
    expect((await action('3.4')).history).toHaveLength(count);
    expect(cardText(cardOf(response))).toContain('✓ Approved by Jane Price in the tab');
  });

  it('refreshes for the owner as things stand, and shows anyone else the requests without buttons', async () => {
    const card = await ownerCard();
    await handleCardAction(deps(), { ...pressOwner(card, '4.1', OWNER_CARD_VERBS.agree), user: OWNER });
    const mine = cardOf(await handleCardAction(deps(), { ...refreshOf(card), user: OWNER }));
    expect(cardText(mine)).toContain('✓ Agreed by Jane Price on a card');
    expect(answers(mine).map((a) => a.verb)).toEqual([OWNER_CARD_VERBS.approve, OWNER_CARD_VERBS.return]);
    const theirs = cardOf(await handleCardAction(deps(), { ...refreshOf(card), user: PEOPLE.nigelHatten }));
    expect(answers(theirs)).toEqual([]);
    expect(cardText(theirs)).toContain('Only the plan owner (Jane Price) can answer this request.');
  });
});

describe('invokes that are not from an owner card', () => {
  it('answers 400 for a request moved off its place on the card, or a button of the other kind', async () => {
    const card = await ownerCard();
    const { verb, data } = pressOwner(card, '3.4', OWNER_CARD_VERBS.approve);
    expect(errorBody(await handleCardAction(deps(), { verb, data: { ...data, slot: 1 }, user: OWNER })).code).toBe('BadRequest');
    expect(errorBody(await handleCardAction(deps(), { verb: OWNER_CARD_VERBS.agree, data, user: OWNER })).code).toBe('BadRequest');
    expect(errorBody(await handleCardAction(deps(), { verb, data: { planId: seeded.glos.id }, user: OWNER })).message).toMatch(/requestId/);
    expect((await action('3.4')).rag).not.toBe('Complete');
  });
});
