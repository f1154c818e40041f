import { join } from 'node:path';
import { change } from '../fixtures/action-changes.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction, type CardActionResponse } from '../../bot/cards/card-actions.js';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { CARD_VERBS } from '../../bot/cards/card-data.js';
import { displayDate } from '../../bot/cards/display-date.js';
import { reminderCard } from '../../bot/cards/reminder-card.js';
import { isSnoozed, SNOOZE_DAYS } from '../../bot/reminders/reminder-snooze.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { addDays } from '../../src/plan/calendar-date.js';
import { RAG_VALUES } from '../../src/plan/rag.js';
import { remindersDue } from '../../src/plan/reminder-policy.js';
import { interpretTimescale } from '../../src/plan/timescale.js';
import { recordUpdate } from '../../src/service/record-update.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { cardText, inputsOf, press, refreshOf } from './card-buttons.js';
import { cardOf, GLOS_DAY, GLOS_NOW, PEOPLE } from './card-gallery.js';
import { GLOUCESTERSHIRE, SAMPLES, seededStore, sendReminders, type SeededStore } from './seed-reminders.js';

let seeded: SeededStore;
let store: PlanStore;
let now: Date;
const deps = () => ({ store, clock: () => now });

beforeEach(async () => {
  seeded = await seededStore();
  store = seeded.store;
  now = GLOS_NOW;
});

afterEach(async () => {
  await store.close();
});

/** Nigel Hatten's reminder about 3.4 (overdue), sent to his mapped user id as the sweep sends it. */
async function hattenCard(): Promise<AdaptiveCard> {
  const sent = await sendReminders(store, seeded.glos, 'Nigel Hatten', GLOS_DAY, { userIds: [PEOPLE.nigelHatten.mri], leadUserId: PEOPLE.nigelHatten.id });
  return reminderCard(sent.input);
}

async function action(ref: string) {
  const found = await store.getActionByRef(seeded.glos.id, ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

function errorBody(response: CardActionResponse): { code: string; message: string } {
  expect(response.type).toBe('application/vnd.microsoft.error');
  return response.value as { code: string; message: string };
}

describe('recording an update from the card', () => {
  it('dates the update with the day the lead names, and says on the card when that day cannot be', async () => {
    const card = await hattenCard();
    const before = (await action('3.4')).updates.length;
    const future = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Reported at the board.', date: '2099-01-01' }), user: PEOPLE.nigelHatten });
    expect(cardText(cardOf(future))).toMatch(/An update cannot report on 2099-01-01, which is after today/);
    expect((await action('3.4')).updates).toHaveLength(before);
    await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Reported at the board.', date: '2018-02-12' }), user: PEOPLE.nigelHatten });
    expect((await action('3.4')).updates.at(-1)).toMatchObject({ text: 'Reported at the board.', date: '2018-02-12', recordedAt: GLOS_NOW.toISOString() });
  });

  it('proposes the completion to the plan owner where the owner approves, and says so on the card', async () => {
    await store.updatePlanSettings(seeded.glos.id, { owner: 'Olive Owner', ownerApproves: true });
    const card = await hattenCard();
    const before = await action('3.4');
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.markComplete, { evidence: 'Taxi drivers trained' }), user: PEOPLE.nigelHatten });
    const after = await action('3.4');
    expect(after.rag).toBe(before.rag);
    expect(after.history.at(-1)).toMatchObject({ kind: 'completion-proposed', author: 'Nigel Hatten', note: 'Taxi drivers trained' });
    expect(cardText(cardOf(response))).toContain('Completing 3.4 is proposed to the plan owner');
  });

  it('records the answer as an update dated today in the plan\'s time zone, by the person, from the card, with the RAG and timescale it changed', async () => {
    const card = await hattenCard();
    // 23:30 UTC on 20 June is already 21 June in London (BST).
    now = new Date('2018-06-20T23:30:00Z');
    const before = await action('3.4');
    const response = await handleCardAction(deps(), {
      ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: '  Sessions for health staff delivered in May.  ', rag: 'Amber', timescale: 'December 2018' }),
      user: PEOPLE.nigelHatten,
    });
    expect(response.statusCode).toBe(200);
    expect(response.type).toBe('application/vnd.microsoft.card.adaptive');
    const after = await action('3.4');
    expect(after.updates).toHaveLength(before.updates.length + 1);
    expect(after.updates.at(-1)).toMatchObject({
      date: '2018-06-21',
      dateSource: 'recorded',
      author: 'Nigel Hatten',
      authorId: PEOPLE.nigelHatten.id,
      origin: 'card',
      text: 'Sessions for health staff delivered in May.',
      ragAfter: 'Amber',
      timescaleAfter: 'December 2018',
      recordedAt: now.toISOString(),
    });
    expect(after.rag).toBe('Amber');
    expect(after.timescale).toMatchObject({ asWritten: 'December 2018', reading: { kind: 'due', due: '2018-12-31' } });
    const [reminder] = await store.listReminders({ actionId: after.id });
    expect(reminder).toMatchObject({ status: 'answered', answeredAt: now.toISOString() });
    expect(cardText(cardOf(response))).toContain('✓ Recorded by Nigel Hatten on 21 Jun 2018 at 00:30');
  });

  it('records a double click or a retried invoke once, and answers both with the same card', async () => {
    const card = await hattenCard();
    const invoke = { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Delivered.', rag: 'Green' }), user: PEOPLE.nigelHatten };
    const count = (await action('3.4')).updates.length;
    const first = await handleCardAction(deps(), invoke);
    now = new Date(GLOS_NOW.getTime() + 4_000);
    const second = await handleCardAction(deps(), invoke);
    expect((await action('3.4')).updates).toHaveLength(count + 1);
    expect(second).toEqual(first);
  });

  it('records two presses arriving at the same moment once', async () => {
    const card = await hattenCard();
    const invoke = { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Delivered.', rag: 'Green', timescale: 'December 2018' }), user: PEOPLE.nigelHatten };
    const count = (await action('3.4')).updates.length;
    const responses = await Promise.all([handleCardAction(deps(), invoke), handleCardAction(deps(), invoke)]);
    expect((await action('3.4')).updates).toHaveLength(count + 1);
    for (const r of responses) expect(cardText(cardOf(r))).toContain('Update recorded on 3.4');
  });

  it('records a different answer to the same reminder as a new update', async () => {
    const card = await hattenCard();
    const count = (await action('3.4')).updates.length;
    await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'First part done.' }), user: PEOPLE.nigelHatten });
    await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Second part done too.' }), user: PEOPLE.nigelHatten });
    expect((await action('3.4')).updates.slice(count).map((u) => u.text)).toEqual(['First part done.', 'Second part done too.']);
  });

  it('returns a card that refreshes for whoever answered, since a button does not carry the card\'s user ids', async () => {
    const card = await hattenCard();
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Done.' }), user: PEOPLE.nigelHatten });
    expect(cardOf(response).refresh?.userIds).toEqual([PEOPLE.nigelHatten.mri]);
  });
});

describe('marking complete from the card', () => {
  it('asks what difference it made before marking complete, recording nothing without it', async () => {
    const card = await hattenCard();
    const before = await action('3.4');
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.markComplete), user: PEOPLE.nigelHatten });
    expect(await action('3.4')).toMatchObject({ rag: before.rag, version: before.version, updates: before.updates });
    expect(cardText(cardOf(response))).toContain('Completing an action needs its impact evidence');
  });

  it('sets the RAG to Complete with the update "Marked complete" and its impact in the history, and the action is reminded no more', async () => {
    const card = await hattenCard();
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.markComplete, { evidence: 'Taxi drivers now report concerns weekly' }), user: PEOPLE.nigelHatten });
    const after = await action('3.4');
    expect(after.rag).toBe('Complete');
    expect(after.updates.at(-1)).toMatchObject({ text: 'Marked complete', ragAfter: 'Complete', origin: 'card', author: 'Nigel Hatten' });
    expect(after.history.at(-1)).toMatchObject({ origin: 'card', author: 'Nigel Hatten', note: 'Taxi drivers now report concerns weekly', changes: expect.arrayContaining([{ field: 'status', was: 'open', now: 'closed' }]) });
    expect(cardText(cardOf(response))).toContain('3.4 marked complete');
    const views = await store.findActions(seeded.glos.id);
    const decision = remindersDue(views, seeded.glos, addDays(GLOS_DAY, 30));
    expect(decision.due.map((d) => d.action.ref)).not.toContain('3.4');
  });

  it('records nothing when the action is complete already', async () => {
    const card = await hattenCard();
    const a = await action('3.4');
    await store.changeAction(a.id, a.version, change({ rag: 'Complete', changedAt: GLOS_NOW.toISOString() }));
    const count = (await action('3.4')).updates.length;
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.markComplete), user: PEOPLE.nigelHatten });
    expect((await action('3.4')).updates).toHaveLength(count);
    expect(cardText(cardOf(response))).toContain('3.4 was already complete, so nothing was recorded.');
  });
});

describe('"Remind me in a week"', () => {
  it('records nothing on the action, marks the reminder answered, and holds the lead\'s reminders about it back for seven days', async () => {
    const card = await hattenCard();
    const before = await action('3.4');
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.snooze), user: PEOPLE.nigelHatten });
    const after = await action('3.4');
    expect(after.updates).toEqual(before.updates);
    expect(after.version).toBe(before.version);
    const reminders = await store.listReminders({ actionId: after.id });
    expect(reminders.map((r) => r.status)).toEqual(['answered']);
    const until = addDays(GLOS_DAY, SNOOZE_DAYS);
    expect(isSnoozed(reminders, after, 'Nigel Hatten', GLOS_DAY, 'Europe/London')).toBe(true);
    expect(isSnoozed(reminders, after, 'Nigel Hatten', addDays(until, -1), 'Europe/London')).toBe(true);
    expect(isSnoozed(reminders, after, 'Nigel Hatten', until, 'Europe/London')).toBe(false);
    expect(cardText(cardOf(response))).toContain(`again before ${displayDate(until)}`);
  });

  it('answers a second press with the same card, the week counted from the first', async () => {
    const card = await hattenCard();
    const first = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.snooze), user: PEOPLE.nigelHatten });
    now = new Date(GLOS_NOW.getTime() + 2 * 86_400_000);
    const second = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.snooze), user: PEOPLE.nigelHatten });
    expect(cardText(cardOf(second))).toContain(`again before ${displayDate(addDays(GLOS_DAY, SNOOZE_DAYS))}`);
    expect(cardOf(second).body.slice(1)).toEqual(cardOf(first).body.slice(1));
  });
});

describe('who may answer', () => {
  it('refuses someone who is not a lead of the action, politely and on the card, recording nothing', async () => {
    const card = await hattenCard();
    const count = (await action('3.4')).updates.length;
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'I did it.' }), user: PEOPLE.janePrice });
    expect(response.statusCode).toBe(200);
    const text = cardText(cardOf(response));
    expect(text).toContain('Sorry, only the leads of 3.4 can record an update on it');
    expect(text).toContain('Nothing was recorded');
    expect(inputsOf(cardOf(response))).toEqual([]);
    expect((await action('3.4')).updates).toHaveLength(count);
  });

  it('lets a lead answer by name when the reminder was not sent to a mapped user, also written "Surname, Given name"', async () => {
    const sent = await sendReminders(store, seeded.glos, 'Sarah Jasper', GLOS_DAY);
    const card = reminderCard(sent.input);
    const response = await handleCardAction(deps(), { ...press(card, '1.12', CARD_VERBS.recordUpdate, { text: 'Reviewed.' }), user: { id: 'aad-someone', name: 'Jasper, Sarah' } });
    expect(cardText(cardOf(response))).toContain('Update recorded on 1.12');
    const refused = await handleCardAction(deps(), { ...press(card, '1.10', CARD_VERBS.recordUpdate, { text: 'Reviewed.' }), user: { id: 'aad-sarah-2', name: 'Sarah' } });
    expect(cardText(cardOf(refused))).toContain('only the leads of 1.10');
  });

  it('goes by a confirmed lead mapping: the mapped person answers under any display name, a namesake is refused', async () => {
    await store.saveLeadMappings(seeded.glos.id, [
      {
        lead: 'sarah jasper',
        writtenAs: 'Sarah Jasper',
        status: 'confirmed',
        target: { kind: 'user', id: 'aad-the-real-sarah', displayName: 'Sarah Jasper (Education)', mail: null },
        candidates: [],
        updatedAt: GLOS_NOW.toISOString(),
        confirmedBy: 'Plan owner',
      },
    ]);
    const sent = await sendReminders(store, seeded.glos, 'Sarah Jasper', GLOS_DAY);
    const card = reminderCard(sent.input);
    const namesake = await handleCardAction(deps(), { ...press(card, '1.12', CARD_VERBS.recordUpdate, { text: 'Reviewed.' }), user: { id: 'aad-another-sarah', name: 'Sarah Jasper' } });
    expect(cardText(cardOf(namesake))).toContain('only the leads of 1.12');
    const mapped = await handleCardAction(deps(), { ...press(card, '1.12', CARD_VERBS.recordUpdate, { text: 'Reviewed.' }), user: { id: 'aad-the-real-sarah', name: 'S. Jasper' } });
    expect(cardText(cardOf(mapped))).toContain('Update recorded on 1.12');
  });
});

describe('bad input on the card', () => {
  async function rejected(inputs: { text?: string; rag?: string; timescale?: string }): Promise<{ card: AdaptiveCard; text: string }> {
    const card = await hattenCard();
    const before = await action('3.4');
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, inputs), user: PEOPLE.nigelHatten });
    expect(response.statusCode).toBe(200);
    const after = await action('3.4');
    expect(after.updates).toEqual(before.updates);
    expect(after.version).toBe(before.version);
    const returned = cardOf(response);
    return { card: returned, text: cardText(returned) };
  }

  it('refuses an empty update, by the update box', async () => {
    const { text } = await rejected({ text: '  \n ' });
    expect(text).toContain('Your update on 3.4 was not recorded');
    expect(text).toMatch(/Update on 3.4\nAn update needs some text\./);
  });

  it('refuses a 10,000-character update, saying the limit and the length, and gives back the first 2,000 to shorten', async () => {
    const long = 'Training sessions delivered across the county. '.repeat(250).slice(0, 10_000);
    const { card, text } = await rejected({ text: long });
    expect(text).toContain('An update is at most 2,000 characters; this one is 10,000.');
    const box = inputsOf(card).find((i) => i.id === 'update-0');
    expect(box?.type === 'Input.Text' && box.value).toBe(long.slice(0, 2000));
  });

  it('refuses a RAG that is not in the list, naming the choices', async () => {
    const { text } = await rejected({ text: 'Progress.', rag: 'Purple' });
    expect(text).toContain(`"Purple" is not a RAG status: choose one of ${RAG_VALUES.join(', ')}.`);
  });

  it('refuses a timescale that cannot be read, with the reason', async () => {
    const reading = interpretTimescale('when funding allows', { planYears: [2017, 2018] }).reading;
    expect(reading.kind).toBe('unclear');
    const { text } = await rejected({ text: 'Progress.', timescale: 'when funding allows' });
    expect(text).toContain(`"when funding allows" cannot be read as a timescale: ${reading.kind === 'unclear' ? reading.reason : ''}.`);
  });

  it('says every problem at once, each by its field', async () => {
    const { text } = await rejected({ text: '', rag: 'Blue-ish', timescale: 'TBC' });
    expect(text).toContain('An update needs some text.');
    expect(text).toContain('"Blue-ish" is not a RAG status');
    expect(text).toContain('"TBC" cannot be read as a timescale');
  });

  it('accepts a timescale that reads but looks wrong, keeping it as written with its flag', async () => {
    const card = await hattenCard();
    await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Moved.', timescale: 'Sept 2108' }), user: PEOPLE.nigelHatten });
    const after = await action('3.4');
    expect(after.timescale.asWritten).toBe('Sept 2108');
    expect(after.timescale.flag?.suggestion).toBe('Sept 2018');
  });

  it('says so on the card when the action was deleted after the reminder, recording nothing', async () => {
    const sent = await sendReminders(store, seeded.glos, 'Emma Woodward', GLOS_DAY, { userIds: [PEOPLE.emma.mri] });
    const card = reminderCard(sent.input);
    const { draft } = await importPlanFile(join(SAMPLES, GLOUCESTERSHIRE), { importedAt: GLOS_NOW.toISOString() });
    await store.importPlan({ ...draft, actions: draft.actions.filter((a) => a.ref !== '2.8') }, { replacePlanId: seeded.glos.id });
    const response = await handleCardAction(deps(), { ...press(card, '2.8', CARD_VERBS.recordUpdate, { text: 'Delivered.' }), user: PEOPLE.emma });
    const text = cardText(cardOf(response));
    expect(text).toContain('That action is no longer in the plan, so nothing was recorded.');
    expect(await store.getActionByRef(seeded.glos.id, '2.8')).toBeNull();
    // Its neighbour on the card is still there to answer.
    expect(text).toContain('Update on 2.7');
  });

  it('answers with a message when the whole plan has gone', async () => {
    const card = await hattenCard();
    await store.deletePlan(seeded.glos.id);
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Done.' }), user: PEOPLE.nigelHatten });
    expect(response).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('no longer available') });
  });

  it('shows the current state when someone else changed the action since the reminder, overwriting nothing', async () => {
    const card = await hattenCard();
    const a = await action('3.4');
    await recordUpdate(store, { actionId: a.id, text: 'Raised at the board.', rag: 'Red', author: 'Jane Price', authorId: null, origin: 'tab', mayClose: true, key: 'tab-1', now: GLOS_NOW, today: GLOS_DAY });
    const count = (await action('3.4')).updates.length;
    const response = await handleCardAction(deps(), { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'On track.', rag: 'Green' }), user: PEOPLE.nigelHatten });
    const after = await action('3.4');
    expect(after.rag).toBe('Red');
    expect(after.updates).toHaveLength(count);
    const text = cardText(cardOf(response));
    expect(text).toContain('Your update on 3.4 was not recorded: someone else changed the action after this reminder was sent, and their change is kept.');
    expect(text).toContain('Changed by someone else after this reminder was sent (RAG now Red');
    expect(text).toContain('RAG: ● Red');
    // The form now carries the current version, so submitting again records.
    const again = await handleCardAction(deps(), { ...press(cardOf(response), '3.4', CARD_VERBS.recordUpdate, { text: 'On track.', rag: 'Amber' }), user: PEOPLE.nigelHatten });
    expect(cardText(cardOf(again))).toContain('Update recorded on 3.4');
    expect((await action('3.4')).rag).toBe('Amber');
  });
});

describe('invokes that are not from a reminder card', () => {
  it('answers 400 with an error body for data that is not a card\'s', async () => {
    const response = await handleCardAction(deps(), { verb: CARD_VERBS.recordUpdate, data: { planId: 'x' }, user: PEOPLE.nigelHatten });
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('BadRequest');
    expect(errorBody(response).message).toMatch(/actionId/);
  });

  it('answers 400 NotSupported for a verb the cards do not have', async () => {
    const response = await handleCardAction(deps(), { verb: 'deleteEverything', data: {}, user: PEOPLE.nigelHatten });
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('NotSupported');
  });

  it('answers 400 for a reminder key moved off its place, or a reminder about another action', async () => {
    const card = await hattenCard();
    const { verb, data } = press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'x' });
    const moved = await handleCardAction(deps(), { verb, data: { ...data, slot: 1 }, user: PEOPLE.nigelHatten });
    expect(moved.statusCode).toBe(400);
    const other = await action('1.5');
    const forged = await handleCardAction(deps(), { verb, data: { ...data, actionId: other.id }, user: PEOPLE.nigelHatten });
    expect(forged.statusCode).toBe(400);
    expect((await action('1.5')).updates).toEqual(other.updates);
  });

  it('answers 500 without the details when the store fails, and the retry records once', async () => {
    const card = await hattenCard();
    const invoke = { ...press(card, '3.4', CARD_VERBS.recordUpdate, { text: 'Done.' }), user: PEOPLE.nigelHatten };
    const failing: PlanStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'appendUpdate') return () => Promise.reject(new Error('SQLITE_BUSY: database is locked at /data/plans.db'));
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const logged: string[] = [];
    const response = await handleCardAction({ store: failing, clock: () => now, log: (event, fields) => logged.push(`${event} ${JSON.stringify(fields)}`) }, invoke);
    expect(response.statusCode).toBe(500);
    expect(errorBody(response)).toEqual({ code: 'InternalError', message: expect.stringContaining('try again') });
    expect(JSON.stringify(response)).not.toContain('plans.db');
    expect(logged.join('\n')).not.toContain('Done.');
    const count = (await action('3.4')).updates.length;
    await handleCardAction(deps(), invoke);
    await handleCardAction(deps(), invoke);
    expect((await action('3.4')).updates).toHaveLength(count + 1);
  });
});

describe('refreshing a reminder card', () => {
  it('shows the lead the current state: what was recorded, what was snoozed, and forms for the rest', async () => {
    const sent = await sendReminders(store, seeded.glos, 'Jane Price', GLOS_DAY, { userIds: [PEOPLE.janePrice.mri], leadUserId: PEOPLE.janePrice.id });
    const card = reminderCard(sent.input);
    await handleCardAction(deps(), { ...press(card, '1.8', CARD_VERBS.recordUpdate, { text: 'Audit done.', rag: 'Green' }), user: PEOPLE.janePrice });
    await handleCardAction(deps(), { ...press(card, '2.2', CARD_VERBS.snooze), user: PEOPLE.janePrice });
    now = new Date(GLOS_NOW.getTime() + 86_400_000);
    const response = await handleCardAction(deps(), { ...refreshOf(card), user: PEOPLE.janePrice });
    const refreshed = cardOf(response);
    const text = cardText(refreshed);
    expect(text).toContain('✓ Recorded by Jane Price');
    expect(text).toContain('Snoozed: you will not be reminded about 2.2 again before');
    expect(text).toContain('Update on 1.7');
    expect(text).not.toContain('Update on 1.8');
    expect(refreshed.refresh?.userIds).toEqual([PEOPLE.janePrice.mri]);
    expect(inputsOf(refreshed).filter((i) => i.id.startsWith('update-'))).toHaveLength(sent.due.length - 2);
  });

  it('shows anyone else the state without forms', async () => {
    const card = await hattenCard();
    const response = await handleCardAction(deps(), { ...refreshOf(card), user: PEOPLE.janePrice });
    const refreshed = cardOf(response);
    expect(inputsOf(refreshed)).toEqual([]);
    expect(cardText(refreshed)).toContain('Only the leads of 3.4 (Nigel Hatten) can answer for it.');
  });

  it('answers 400 for a refresh that is not a card\'s', async () => {
    const response = await handleCardAction(deps(), { verb: CARD_VERBS.refresh, data: 'nonsense', user: PEOPLE.janePrice });
    expect(response.statusCode).toBe(400);
  });
});
