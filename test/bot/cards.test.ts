import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptiveCard, ExecuteAction } from '../../bot/cards/adaptive-card.js';
import { CARD_VERBS, keyDigest, parseAnswerData } from '../../bot/cards/card-data.js';
import { digestCard } from '../../bot/cards/digest-card.js';
import { displayDate, displayInstant } from '../../bot/cards/display-date.js';
import { MY_ACTIONS_LIMIT, myActionsCard } from '../../bot/cards/my-actions-card.js';
import { recordedCard } from '../../bot/cards/recorded-card.js';
import { MAX_ACTIONS_PER_CARD, reminderCard, reminderCardGroups } from '../../bot/cards/reminder-card.js';
import { welcomeCard } from '../../bot/cards/welcome-card.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import { daysBetween } from '../../src/plan/calendar-date.js';
import { RAG_VALUES } from '../../src/plan/rag.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../../src/plan/update-rules.js';
import { recordUpdate } from '../../src/service/record-update.js';
import { cardProblems } from './adaptive-card-check.js';
import { cardText, executeActions, inputsOf, textBlocks } from './card-buttons.js';
import { meetingSummaryCard } from '../../bot/cards/meeting-summary-card.js';
import { channelDigestCard } from '../../bot/cards/channel-digest-card.js';
import type { PlanChangesAnswer } from '../../src/service/plan-changes.js';
import { buildGallery, GLOS_DAY, GLOS_NOW, PEOPLE, type GalleryCard } from './card-gallery.js';
import { seededStore, sendReminders, type SeededStore } from './seed-reminders.js';

let gallery: GalleryCard[];
let seeded: SeededStore;

beforeAll(async () => {
  gallery = await buildGallery();
  seeded = await seededStore();
});

afterAll(async () => {
  await seeded.store.close();
});

const buttons = (card: AdaptiveCard, verb: string): ExecuteAction[] => executeActions(card).filter((a) => a.verb === verb);

describe("Microsoft's Adaptive Cards renderer", () => {
  it('reports an unknown element, a duplicate input id and an empty choice set (so a clean card means something)', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Rating', id: 'stars' },
        { type: 'Input.Text', id: 'same' },
        { type: 'Input.Text', id: 'same' },
        { type: 'Input.ChoiceSet', id: 'rag', choices: [] },
      ],
    };
    expect(cardProblems(broken)).toHaveLength(3);
  });

  it('builds every card of the gallery: each variant the bot sends or returns', () => {
    const names = gallery.map((g) => g.name);
    for (const variant of ['reminder-one-action', 'reminder-no-update', 'reminder-several-actions', 'recorded', 'error-by-field', 'digest', 'welcome', 'my-actions', 'owner-requests', 'owner-approved']) {
      expect(names).toContain(variant);
    }
  });

  it.each([
    'reminder-one-action',
    'reminder-no-update',
    'reminder-flagged-timescale',
    'reminder-several-actions',
    'reminder-several-cheshire',
    'recorded',
    'recorded-one-of-several',
    'marked-complete',
    'snoozed',
    'error-by-field',
    'error-on-several',
    'conflict',
    'refused',
    'current-state',
    'current-state-viewer',
    'action-deleted',
    'digest',
    'welcome',
    'my-actions',
    'owner-requests',
    'owner-approved',
    'owner-return-needs-reason',
    'owner-refused',
    'meeting-summary',
    'channel-digest',
  ])('parses and validates the %s card at schema 1.5 with no event', (name) => {
    const entry = gallery.find((g) => g.name === name);
    expect(entry, name).toBeDefined();
    expect(entry!.card.version).toBe('1.5');
    expect(cardProblems(entry!.card)).toEqual([]);
  });

  it('keeps every card under the 100 KB Teams refuses with MessageSizeTooBig, the largest lead of the seeds with 60 user ids included', async () => {
    // Louise West leads fifteen actions due a reminder in June 2018: the largest card the seeds give.
    const west = await sendReminders(seeded.store, seeded.glos, 'Louise West', GLOS_DAY, { userIds: Array.from({ length: 60 }, (_, i) => `29:${'x'.repeat(100)}${i}`) });
    expect(west.due.length).toBeGreaterThanOrEqual(15);
    const largest = reminderCard(west.input);
    expect(cardProblems(largest)).toEqual([]);
    for (const card of [largest, ...gallery.map((g) => g.card)]) expect(JSON.stringify(card).length).toBeLessThan(100 * 1024);
  });
});

describe('reminder card', () => {
  it('lists all of a lead\'s actions due a reminder in one card, in plan order', async () => {
    const card = gallery.find((g) => g.name === 'reminder-several-actions')!.card;
    const text = cardText(card);
    const { due } = await sendReminders(seeded.store, seeded.glos, 'Jane Price', GLOS_DAY);
    const refs = due.map((d) => d.action.ref);
    expect(refs.length).toBeGreaterThan(3);
    const positions = refs.map((ref) => text.indexOf(`${ref}  `));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(buttons(card, CARD_VERBS.recordUpdate)).toHaveLength(refs.length);
    expect(text).toContain(`Jane Price: ${refs.length} actions need an update`);
  });

  it("shows an action's ref, text, outcome, timescale as written, due date, RAG word and last update with its date", async () => {
    const action = (await seeded.store.findActions(seeded.glos.id)).find((a) => a.ref === '3.4')!;
    const card = gallery.find((g) => g.name === 'reminder-one-action')!.card;
    const text = cardText(card);
    expect(text).toContain(`3.4  ${action.text}`);
    expect(text).toContain(`Outcome: ${action.outcome}`);
    expect(text).toContain(`Timescale: ${action.timescale.asWritten}`);
    expect(text).toContain(`Due: ${displayDate(dueDateOf(action.timescale)!)}`);
    expect(text).toContain(`RAG: ● ${action.rag}`);
    expect(text).toContain(`Last update (${displayDate(action.latestUpdate!.date!)}`);
    expect(text).toContain(action.latestUpdate!.text);
  });

  it('gives the reason in words: overdue by how long, due in how many days, a recurring update, no update since when', async () => {
    const glos = await seeded.store.findActions(seeded.glos.id);
    const byRef = (ref: string) => glos.find((a) => a.ref === ref)!;
    const text = cardText(gallery.find((g) => g.name === 'reminder-several-actions')!.card);
    const overdueDue = dueDateOf(byRef('1.8').timescale)!;
    expect(text).toContain(`Overdue by ${daysBetween(overdueDue, GLOS_DAY)} days (was due ${displayDate(overdueDue)})`);
    expect(text).toContain(`${byRef('5.1').timescale.asWritten} update due by 30 Jun 2018`);
    expect(text).toContain(`No update since ${displayDate(byRef('1.7').lastUpdated!)}`);
    const cheshire = await seeded.store.findActions(seeded.cheshire.id);
    const soon = dueDateOf(cheshire.find((a) => a.ref === '3.1')!.timescale)!;
    const dueSoon = cardText(gallery.find((g) => g.name === 'reminder-several-cheshire')!.card);
    expect(dueSoon).toContain(`Due in ${daysBetween('2013-07-25', soon)} days (${displayDate(soon)})`);
  });

  it('says when an action has no update on record', () => {
    expect(cardText(gallery.find((g) => g.name === 'reminder-no-update')!.card)).toContain('Last update: none on record yet');
  });

  it('keeps a flagged timescale as written and shows the flag beside it', () => {
    const text = cardText(gallery.find((g) => g.name === 'reminder-flagged-timescale')!.card);
    expect(text).toContain('Timescale: Sept 2103');
    expect(text).toMatch(/Check the timescale: the year 2103 is far from the plan's years/);
  });

  it('asks for an update of at most 2,000 characters, a RAG from the list, an optional new timescale, the date it reports and, to complete, its impact', () => {
    const card = gallery.find((g) => g.name === 'reminder-one-action')!.card;
    const [update, rag, timescale, date, evidence] = inputsOf(card);
    expect(update).toMatchObject({ type: 'Input.Text', id: 'update-0', maxLength: MAX_UPDATE_TEXT_LENGTH, isMultiline: true });
    expect(date).toMatchObject({ type: 'Input.Date', id: 'date-0', max: GLOS_DAY });
    expect(evidence).toMatchObject({ type: 'Input.Text', id: 'evidence-0', label: 'If it is complete: what difference did it make?' });
    expect(update!.errorMessage).toContain('2,000');
    expect(rag).toMatchObject({ type: 'Input.ChoiceSet', id: 'rag-0', value: 'Not set' });
    expect(rag!.type === 'Input.ChoiceSet' && rag!.choices.map((c) => c.value)).toEqual([...RAG_VALUES]);
    expect(timescale).toMatchObject({ type: 'Input.Text', id: 'timescale-0' });
    expect(timescale!.isRequired).toBeUndefined();
  });

  it('has Record update, Mark complete and Remind me in a week, carrying the plan, action, version and reminder key', async () => {
    const sent = await sendReminders(seeded.store, seeded.glos, 'Emma Woodward', GLOS_DAY, { userIds: [PEOPLE.emma.mri] });
    const card = reminderCard(sent.input);
    sent.due.forEach((due, slot) => {
      const forAction = executeActions(card).filter((a) => a.data?.actionId === due.action.id);
      expect(forAction.map((a) => [a.verb, a.title])).toEqual([
        [CARD_VERBS.recordUpdate, 'Record update'],
        [CARD_VERBS.markComplete, 'Mark complete'],
        [CARD_VERBS.snooze, 'Remind me in a week'],
      ]);
      for (const button of forAction) {
        const parsed = parseAnswerData(button.data);
        expect(parsed.ok && parsed.value).toMatchObject({ planId: seeded.glos.id, actionId: due.action.id, version: due.action.version, reminderKey: due.key, slot });
        expect(parsed.ok && parsed.value.context.digests).toEqual(sent.due.map((d) => keyDigest(d.key)));
      }
      // Marking complete sends its impact evidence; snoozing needs no typing, so sends no inputs.
      expect(forAction.map((a) => a.associatedInputs)).toEqual(['auto', 'auto', 'none']);
    });
  });

  it("refreshes automatically for the lead's user ids, at most the 60 Teams allows", async () => {
    const card = gallery.find((g) => g.name === 'reminder-one-action')!.card;
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: CARD_VERBS.refresh }, userIds: [PEOPLE.nigelHatten.mri] });
    const many = await sendReminders(seeded.store, seeded.glos, 'Dawn Porter', GLOS_DAY, { userIds: Array.from({ length: 75 }, (_, i) => `29:user-${i}`) });
    expect(reminderCard(many.input).refresh!.userIds).toHaveLength(60);
  });

  it('folds each form behind its own button when there are several actions, and shows it open when there is one', () => {
    const several = gallery.find((g) => g.name === 'reminder-several-actions')!.card;
    const showCards = executeActions(several).length / 3;
    const titles = JSON.stringify(several).match(/"type":"Action.ShowCard","title":"Update [^"]+"/g) ?? [];
    expect(titles).toHaveLength(showCards);
    const one = gallery.find((g) => g.name === 'reminder-one-action')!.card;
    expect(JSON.stringify(one)).not.toContain('Action.ShowCard');
    expect(inputsOf(one)).toHaveLength(5);
  });

  it('shows what people wrote as text, never as markdown: their words are only in TextRuns', async () => {
    const action = await seeded.store.getActionByRef(seeded.glos.id, '1.6');
    const written = '**Done** see [the report](http://example.org) - 1. first';
    await recordUpdate(seeded.store, { actionId: action!.id, text: written, author: 'Dawn Porter', authorId: null, origin: 'tab', mayClose: true, key: 'markdown-test', now: GLOS_NOW, today: '2017-09-01' });
    const sent = await sendReminders(seeded.store, seeded.glos, 'Dawn Porter', '2017-12-21', { refs: ['1.6'] });
    const card = reminderCard(sent.input);
    expect(cardText(card)).toContain(written);
    for (const text of textBlocks(card)) {
      expect(text).not.toContain('[the report]');
      expect(text).not.toContain(action!.text);
    }
  });
});

describe('the meeting summary card', () => {
  it('says what was discussed in the order shown, what was minuted that day with RAG was and now, and what falls due before the next meeting, soonest first', () => {
    const card = gallery.find((g) => g.name === 'meeting-summary')!.card;
    const text = cardText(card);
    expect(text).toContain('4 actions discussed, 2 actions with changes recorded, 14 actions due before the next meeting.');
    const parts = ['Discussed', 'Changes made in the meeting', 'Due before the next meeting (12 Sep 2013)'].map((heading) => text.indexOf(heading));
    expect(parts).toEqual([...parts].sort((a, b) => a - b));
    expect(parts.every((at) => at >= 0)).toBe(true);
    expect(text).toContain('RAG: ● Not set → ● Amber');
    expect(text).toContain('Update: Two of the four training dates are booked; the venue for the others is not yet agreed.');
    expect(text).toContain('31 Jul 2013, due in 6 days');
    // The minutes are people's words: never in a TextBlock, where Teams would read markdown.
    for (const block of textBlocks(card)) expect(block).not.toContain('training dates');
  });

  it('stops each part at 25 lines and says how many more, so a long plan keeps the card small', () => {
    const due = Array.from({ length: 40 }, (_, i) => ({ ref: `9.${i + 1}`, title: 'Training session', rag: 'Amber' as const, due: '2013-08-01', when: 'due in 7 days' }));
    const card = meetingSummaryCard({ planId: 'p', planTitle: 'Plan', date: '2013-07-25', title: null, discussed: [], changes: [], dueBeforeNext: due, nextMeeting: null, dueBy: '2013-08-24' });
    const text = cardText(card);
    expect(text).toContain('9.25');
    expect(text).not.toContain('9.26');
    expect(text).toContain('and 15 more: open the plan for them all');
    expect(text).toContain('Due in the next 30 days (no next meeting planned)');
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('reminder cards for a lead of very many actions', () => {
  it(`splits more than ${MAX_ACTIONS_PER_CARD} actions into cards of at most ${MAX_ACTIONS_PER_CARD}, in order, and refuses to build one larger`, async () => {
    const actions = await seeded.store.findActions(seeded.glos.id);
    const items = actions.map((action) => ({ key: `k-${action.ref}`, reason: 'stale' as const, action }));
    const groups = reminderCardGroups(items);
    expect(groups.flat()).toEqual(items);
    expect(groups.every((g) => g.length <= MAX_ACTIONS_PER_CARD)).toBe(true);
    expect(groups).toHaveLength(Math.ceil(items.length / MAX_ACTIONS_PER_CARD));
    const input = { plan: seeded.glos, lead: 'Everyone', userIds: [], today: GLOS_DAY };
    for (const group of groups) expect(cardProblems(reminderCard({ ...input, items: group }))).toEqual([]);
    expect(() => reminderCard({ ...input, items })).toThrow(/at most 15 actions/);
  });
});

describe('recorded card', () => {
  it('says what was recorded, by whom and when, with the new RAG and timescale', () => {
    const text = cardText(gallery.find((g) => g.name === 'recorded')!.card);
    expect(text).toContain('Update recorded on 3.4');
    expect(text).toContain(`✓ Recorded by Nigel Hatten on ${displayInstant(GLOS_NOW.toISOString(), 'Europe/London')}`);
    expect(text).toContain('Update: Health workers trained in May; the last two sessions are booked for the autumn.');
    expect(text).toContain('RAG now: ● Amber');
    expect(text).toContain('Timescale now: December 2018 (due: 31 Dec 2018)');
  });

  it('keeps the forms of the other actions on a card of several', async () => {
    const card = gallery.find((g) => g.name === 'recorded-one-of-several')!.card;
    expect(cardText(card)).toContain('Update recorded on 1.8');
    expect(cardText(card)).toContain('6 more on this card still need an update');
    const answered = await seeded.store.getActionByRef(seeded.glos.id, '1.8');
    const recordButtons = buttons(card, CARD_VERBS.recordUpdate);
    expect(recordButtons).toHaveLength(6);
    expect(recordButtons.map((b) => b.data?.actionId)).not.toContain(answered!.id);
  });

  it('needs the answered reminder to be on the card', async () => {
    const sent = await sendReminders(seeded.store, seeded.glos, 'Jenny Kadodia', GLOS_DAY);
    expect(() => recordedCard({ ...sent.input, answeredKey: 'not-on-this-card', states: {} })).toThrow(RangeError);
  });
});

describe('digest card', () => {
  it('lists each overdue action with its leads, how overdue it is and the reminders that went unanswered', async () => {
    const actions = await seeded.store.findActions(seeded.cheshire.id);
    const items = actions.filter((a) => ['1.3', '3.4'].includes(a.ref)).map((action) => ({ action, remindersSent: 2, lastRemindedAt: '2013-08-14T08:00:00.000Z' }));
    const card = digestCard({ plan: seeded.cheshire, owner: 'The chair', today: '2013-08-20', items });
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('2 actions are overdue');
    for (const { action } of items) {
      expect(text).toContain(`${action.ref}  ${action.text}`);
      expect(text).toContain(`Leads: ${action.leadsText}`);
      const due = dueDateOf(action.timescale)!;
      expect(text).toContain(`due ${displayDate(due)}, ${daysBetween(due, '2013-08-20')} days overdue`);
    }
    expect(text).toContain('2 reminders sent, the last on 14 Aug 2013 at 09:00');
  });

  it('links to the plan when its address is known', () => {
    const card = digestCard({ plan: seeded.cheshire, owner: 'The chair', today: '2013-08-20', items: [], planUrl: 'https://teams.example/plan' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the plan', url: 'https://teams.example/plan' }]);
    expect(cardText(card)).toContain('No action is overdue');
  });
});

describe('welcome card', () => {
  it('says what the bot does and what a lead can type', () => {
    const text = cardText(welcomeCard());
    for (const phrase of ['Record update', 'Mark complete', 'Remind me in a week', 'my actions', 'help', 'dated update under your name']) expect(text).toContain(phrase);
  });
});

describe('my actions card', () => {
  it("lists a lead's open actions by plan with RAG, due date and last update", async () => {
    const open = (await seeded.store.findActions(seeded.glos.id, { lead: 'Sarah Jasper' })).filter((a) => a.timescale.reading.kind !== 'completed');
    const card = myActionsCard({ name: 'Sarah Jasper', today: GLOS_DAY, plans: [{ plan: seeded.glos, actions: open }] });
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain(`Sarah Jasper: ${open.length} open action${open.length === 1 ? '' : 's'}`);
    for (const a of open) expect(text).toContain(`${a.ref}  ${a.text}`);
    expect(text).toContain('overdue: was due 31 Aug 2016');
  });

  it(`lists at most ${MY_ACTIONS_LIMIT} and counts the rest`, async () => {
    const all = [...(await seeded.store.findActions(seeded.glos.id)), ...(await seeded.store.findActions(seeded.cheshire.id))];
    const card = myActionsCard({ name: 'Everyone', today: GLOS_DAY, plans: [{ plan: seeded.glos, actions: all }] });
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(`And ${all.length - MY_ACTIONS_LIMIT} more`);
  });

  it('says so when a person leads nothing open', () => {
    expect(cardText(myActionsCard({ name: 'Someone', today: GLOS_DAY, plans: [] }))).toContain('No open action names you as its lead');
  });
});

describe("the channel's digest card", () => {
  it('opens with what changed since the last meeting in counts, then each changed action with RAG was and now and its dated updates, then the next meeting', () => {
    const card = gallery.find((g) => g.name === 'channel-digest')!.card;
    const text = cardText(card);
    expect(text).toContain('Changes since the last meeting, 25 Jul 2013 (Pan Cheshire CSE Group), to 9 Sep 2013');
    // Two minuted in July, and every action whose timescale passed since then is newly overdue.
    expect(text).toMatch(/Actions changed: 14\b/);
    expect(text).toMatch(/New updates: 2\b/);
    expect(text).toMatch(/RAG changes: 1\b/);
    expect(text).toMatch(/Newly overdue: 14\b/);
    expect(text).toContain('RAG: ● Not set → ● Amber');
    expect(text).toContain('25 Jul 2013: Two of the four training dates are booked; the venue for the others is not yet agreed.');
    expect(text).toContain('Next meeting: 12 Sep 2013, Pan Cheshire CSE Group');
    expect(text).toContain('3 days before each meeting');
    for (const block of textBlocks(card)) expect(block).not.toContain('training dates');
  });

  it('cuts an update of 50,000 characters to 400 on the card, and lists 25 actions at most', () => {
    const long = 'x'.repeat(50_000);
    const changed = Array.from({ length: 30 }, (_, i) => ({
      actionId: `a${i}`,
      ref: `1.${i + 1}`,
      title: 'Training session',
      newUpdates: [{ id: `u${i}`, actionId: `a${i}`, sequence: 0, text: long, date: '2013-08-01', author: null, authorId: null, origin: 'tab' as const, recordedAt: '2013-08-01T10:00:00.000Z', dateSource: 'recorded' as const, key: `k${i}`, ragAfter: null, timescaleAfter: null }],
      rag: null,
      timescale: null,
      otherChanges: [],
      newlyOverdue: i === 0,
      completed: false,
      requests: [],
    }));
    const changes: PlanChangesAnswer = { since: '2013-07-25', today: '2013-09-09', actions: changed, counts: { actionsChanged: 30, newUpdates: 30, ragChanged: 0, timescaleMoved: 0, newlyOverdue: 1, completed: 0 }, lastMeeting: null, nextMeeting: null };
    const digest = { channel: { teamId: 't', channelId: 'c', name: null }, schedule: { kind: 'weekly' as const, weekday: 'Monday' as const }, lastPostedOn: '2013-09-02' };
    const card = channelDigestCard({ plan: seeded.glos, digest, changes });
    const text = cardText(card);
    expect(text).toContain('the last digest, 25 Jul 2013');
    expect(text).toContain('Now overdue');
    expect(text).toContain('1.25');
    expect(text).not.toContain('1.26');
    expect(text).toContain('and 5 more: open the plan for them all');
    expect(text).toContain('No next meeting is planned.');
    expect(text).toContain(`${'x'.repeat(399)}…`);
    expect(text).not.toContain('x'.repeat(401));
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
    expect(cardProblems(card)).toEqual([]);
  });
});
