import { join } from 'node:path';
import { handleCardAction, type CardActionResponse } from '../../bot/cards/card-actions.js';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { CARD_VERBS } from '../../bot/cards/card-data.js';
import { digestCard } from '../../bot/cards/digest-card.js';
import { myActionsCard } from '../../bot/cards/my-actions-card.js';
import { reminderCard } from '../../bot/cards/reminder-card.js';
import { welcomeCard } from '../../bot/cards/welcome-card.js';
import { meetingSummaryCard } from '../../bot/cards/meeting-summary-card.js';
import { channelDigestCard } from '../../bot/cards/channel-digest-card.js';
import { digestChanges } from '../../src/service/channel-digest.js';
import { summariseMeeting } from '../../src/service/meeting-summary.js';
import { withMeeting } from '../../src/plan/plan-meetings.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { recordUpdate } from '../../src/service/record-update.js';
import { press, pressOwner, refreshOf } from './card-buttons.js';
import { OWNER_CARD_VERBS } from '../../bot/cards/owner-card-data.js';
import { askForTimescale, ownerApproves, ownerCardOn, proposeCompletion } from './owner-requests-seed.js';
import { GLOUCESTERSHIRE, SAMPLES, seededStore, sendReminders } from './seed-reminders.js';

/*
 * Every card the bot sends or returns, built from the two seed plans by the real flows: the
 * reminder policy picks the actions, the reminders are claimed as the sweep claims them, and the
 * answers go through handleCardAction against SQLite. The card tests validate each one with
 * Microsoft's renderer; scripts/render-cards.ts screenshots them for docs/cards.md.
 */

export interface GalleryCard {
  name: string;
  title: string;
  description: string;
  card: AdaptiveCard;
}

/** Gloucestershire's plan runs 2017-18 with updates to Feb 2018; reminders on 20 Jun 2018 (10:15 in London). */
export const GLOS_DAY = '2018-06-20';
export const GLOS_NOW = new Date('2018-06-20T09:15:00Z');
/** Pan Cheshire's runs 2013; reminders on 25 Jul 2013, a week before its "July 2013" updates. */
export const CHESHIRE_DAY = '2013-07-25';
export const CHESHIRE_NOW = new Date('2013-07-25T08:40:00Z');

export const PEOPLE = {
  nigelHatten: { id: 'aad-nigel-hatten', name: 'Nigel Hatten', mri: '29:nigel-hatten' },
  annette: { id: 'aad-annette-blackstock', name: 'Annette Blackstock', mri: '29:annette-blackstock' },
  sarahJasper: { id: 'aad-sarah-jasper', name: 'Sarah Jasper', mri: '29:sarah-jasper' },
  sarita: { id: 'aad-sarita-walker', name: 'Sarita Walker', mri: '29:sarita-walker' },
  janePrice: { id: 'aad-jane-price', name: 'Jane Price', mri: '29:jane-price' },
  louiseWest: { id: 'aad-louise-west', name: 'Louise West', mri: '29:louise-west' },
  emma: { id: 'aad-emma-woodward', name: 'Emma Woodward', mri: '29:emma-woodward' },
  nigelReid: { id: 'aad-nigel-reid', name: 'Nigel Reid', mri: '29:nigel-reid' },
  nigelWenham: { id: 'aad-nigel-wenham', name: 'Nigel Wenham', mri: '29:nigel-wenham' },
} as const;

export function cardOf(response: CardActionResponse): AdaptiveCard {
  if (response.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`expected a card, got ${response.type}: ${JSON.stringify(response.value)}`);
  return response.value as AdaptiveCard;
}

export async function buildGallery(): Promise<GalleryCard[]> {
  const gallery: GalleryCard[] = [];
  const add = (name: string, title: string, description: string, card: AdaptiveCard): void => {
    gallery.push({ name, title, description, card });
  };

  const { store, glos, cheshire } = await seededStore();
  const glosDeps = { store, clock: () => GLOS_NOW };
  const cheshireDeps = { store, clock: () => CHESHIRE_NOW };

  // One action, with its last update.
  const hatten = await sendReminders(store, glos, 'Nigel Hatten', GLOS_DAY, { userIds: [PEOPLE.nigelHatten.mri], leadUserId: PEOPLE.nigelHatten.id });
  const hattenCard = reminderCard(hatten.input);
  add('reminder-one-action', 'Reminder: one action', 'Nigel Hatten leads one action due a reminder: 3.4, overdue since September 2017, with its last update.', hattenCard);

  // One action that has never had an update.
  const sarita = await sendReminders(store, glos, 'Sarita Walker', GLOS_DAY, { userIds: [PEOPLE.sarita.mri], refs: ['4.5'] });
  add('reminder-no-update', 'Reminder: an action with no update yet', 'Action 4.5 has no update on record: the card says so instead of a last update.', reminderCard(sarita.input));

  // A timescale flagged on import ("Sept 2103" in a 2013 plan), shown beside the words as written.
  const pcsg = await sendReminders(store, cheshire, 'PCSG', '2013-04-20', { userIds: ['29:pcsg-contact'], refs: ['5.1'] });
  add('reminder-flagged-timescale', 'Reminder: a flagged timescale', 'Pan Cheshire 5.1 says "Sept 2103": kept as written, with the import\'s flag.', reminderCard(pcsg.input));

  // Several actions for one lead, for several reasons.
  const price = await sendReminders(store, glos, 'Jane Price', GLOS_DAY, { userIds: [PEOPLE.janePrice.mri], leadUserId: PEOPLE.janePrice.id });
  const priceCard = reminderCard(price.input);
  add('reminder-several-actions', 'Reminder: several actions, one card', 'Jane Price leads seven actions due a reminder on 20 Jun 2018 (overdue, a quarterly update, gone quiet): one card, each form behind its own button.', priceCard);

  // Several actions in the 2013 plan, one form opened.
  const reid = await sendReminders(store, cheshire, 'Nigel Reid', CHESHIRE_DAY, { userIds: [PEOPLE.nigelReid.mri] });
  add('reminder-several-cheshire', 'Reminder: three actions due soon', 'Nigel Reid\'s three training actions, due an update by the end of July 2013.', reminderCard(reid.input));

  // An update recorded: RAG and timescale changed.
  const recorded = cardOf(
    await handleCardAction(glosDeps, {
      ...press(hattenCard, '3.4', CARD_VERBS.recordUpdate, {
        text: 'Health workers trained in May; the last two sessions are booked for the autumn.',
        rag: 'Amber',
        timescale: 'December 2018',
      }),
      user: PEOPLE.nigelHatten,
    }),
  );
  add('recorded', 'Update recorded', 'After Nigel Hatten records an update with RAG Amber and a new timescale: what was recorded, by whom and when.', recorded);

  // An update recorded on one action of several: the others keep their forms.
  const priceRecorded = cardOf(
    await handleCardAction(glosDeps, {
      ...press(priceCard, '1.8', CARD_VERBS.recordUpdate, { text: 'Audit of the first 40 referrals done; findings go to the June steering group.', rag: 'Green' }),
      user: PEOPLE.janePrice,
    }),
  );
  add('recorded-one-of-several', 'Update recorded on one of several', 'Jane Price answers for 1.8; the six other actions on her card keep their forms.', priceRecorded);

  // Mark complete.
  const blackstock = await sendReminders(store, glos, 'Annette Blackstock', GLOS_DAY, { userIds: [PEOPLE.annette.mri] });
  const completed = cardOf(await handleCardAction(glosDeps, { ...press(reminderCard(blackstock.input), '4.3', CARD_VERBS.markComplete), user: PEOPLE.annette }));
  add('marked-complete', 'Marked complete', 'Annette Blackstock marks 4.3 complete: RAG Complete, with the update "Marked complete".', completed);

  // Snooze.
  const jasper = await sendReminders(store, glos, 'Sarah Jasper', GLOS_DAY, { userIds: [PEOPLE.sarahJasper.mri] });
  const snoozed = cardOf(await handleCardAction(glosDeps, { ...press(reminderCard(jasper.input), '1.12', CARD_VERBS.snooze), user: PEOPLE.sarahJasper }));
  add('snoozed', 'Remind me in a week', 'Sarah Jasper snoozes 1.12: nothing recorded on the action, no reminder about it for seven days.', snoozed);

  // Bad input, said by the field: a 10,000-character update and a timescale that cannot be read.
  const wenham = await sendReminders(store, cheshire, 'Nigel Wenham', CHESHIRE_DAY, { userIds: [PEOPLE.nigelWenham.mri], refs: ['4.1'] });
  const invalid = cardOf(
    await handleCardAction(cheshireDeps, {
      ...press(reminderCard(wenham.input), '4.1', CARD_VERBS.recordUpdate, { text: 'Briefings given. '.repeat(600).slice(0, 10_000), rag: 'Purple', timescale: 'when funding allows' }),
      user: PEOPLE.nigelWenham,
    }),
  );
  add('error-by-field', 'Nothing recorded: problems by the field', 'A 10,000-character update, a RAG not in the list and a timescale that cannot be read: each said by its field, nothing recorded.', invalid);

  // Bad input on a card of several: said outside the folded form too.
  const priceInvalid = cardOf(
    await handleCardAction(glosDeps, { ...press(priceRecorded, '2.2', CARD_VERBS.recordUpdate, { text: '   ' }), user: PEOPLE.janePrice }),
  );
  add('error-on-several', 'Nothing recorded: an empty update on a card of several', 'An empty update on 2.2: the problem is said beside the action, outside its folded form.', priceInvalid);

  // A version conflict: the RAG changed in the tab after the reminder went out.
  const action53 = await store.getActionByRef(glos.id, '5.3');
  await recordUpdate(store, {
    actionId: action53!.id,
    text: 'Discussed at the June steering group: the session has no date yet.',
    rag: 'Red',
    author: 'Louise West',
    authorId: null,
    origin: 'tab',
      mayClose: true,
    key: 'gallery-tab-change',
    now: GLOS_NOW,
    today: GLOS_DAY,
  });
  const conflict = cardOf(
    await handleCardAction(glosDeps, { ...press(priceCard, '5.3', CARD_VERBS.recordUpdate, { text: 'Scenario session planned with adult social care.' }), user: PEOPLE.janePrice }),
  );
  add('conflict', 'Changed by someone else', 'The RAG of 5.3 was changed in the tab after the reminder went out: the current state is shown, nothing overwritten.', conflict);

  // Someone who is not a lead presses a button.
  const refused = cardOf(await handleCardAction(glosDeps, { ...press(hattenCard, '3.4', CARD_VERBS.markComplete), user: PEOPLE.janePrice }));
  add('refused', 'Not a lead of the action', 'Jane Price presses Mark complete on Nigel Hatten\'s card: refused politely, nothing recorded.', refused);

  // Refresh: the current state for the lead, later; and for someone else who opens it.
  const current = cardOf(await handleCardAction(glosDeps, { ...refreshOf(priceCard), user: PEOPLE.janePrice }));
  add('current-state', 'Refreshed: the current state', 'Jane Price opens her reminder later: 1.8 shows what she recorded, 5.3 its new RAG, the others their forms.', current);
  const viewer = cardOf(await handleCardAction(glosDeps, { ...refreshOf(hattenCard), user: PEOPLE.janePrice }));
  add('current-state-viewer', 'Refreshed for someone who is not a lead', 'Anyone else who refreshes the card sees the current state, without the form.', viewer);

  // The plan owner's digest.
  const cheshireActions = await store.findActions(cheshire.id);
  const overdue = ['1.3', '1.4', '3.4', '6.1'].map((ref) => cheshireActions.find((a) => a.ref === ref)!);
  add(
    'digest',
    'Escalation digest for the plan owner',
    'Pan Cheshire actions overdue with no update after two reminders, on 20 Aug 2013.',
    digestCard({
      plan: { id: cheshire.id, title: cheshire.title, timeZone: cheshire.timeZone },
      owner: 'Pan Cheshire CSE Group chair',
      today: '2013-08-20',
      items: overdue.map((action) => ({ action, remindersSent: 2, lastRemindedAt: '2013-08-14T08:00:00.000Z' })),
    }),
  );

  add('welcome', 'Welcome', 'Sent when the app is installed for a lead.', welcomeCard());

  const open = (await store.findActions(glos.id, { lead: 'Louise West' })).filter((a) => a.rag !== 'Complete' && a.timescale.reading.kind !== 'completed');
  add(
    'my-actions',
    'My actions',
    'Louise West types "my actions".',
    myActionsCard({ name: 'Louise West', today: GLOS_DAY, plans: [{ plan: { id: glos.id, title: glos.title }, actions: open }] }),
  );

  // The plan owner's requests: Jane Price owns the plan and approves closures and new timescales.
  await ownerApproves(store, glos, PEOPLE.janePrice);
  const askedAt = new Date('2018-06-18T13:02:00Z');
  await proposeCompletion(store, glos, '3.4', PEOPLE.nigelHatten, 'Cyber-crime referrals about children now reach the CSE team within a day; 14 in May, each seen by the MASH.', askedAt);
  await askForTimescale(store, glos, '4.1', PEOPLE.louiseWest, 'September 2018', 'The voluntary sector survey closes at the end of August; the scoping report follows it.', askedAt);
  await proposeCompletion(store, glos, '4.5', PEOPLE.sarita, 'Every contract let since April names CSE awareness training; 9 of 11 providers have delivered it.', new Date('2018-06-19T08:40:00Z'));
  const ownerCard = await ownerCardOn(store, glos, GLOS_DAY, PEOPLE.janePrice.name, [PEOPLE.janePrice.mri]);
  add('owner-requests', "Plan owner: requests waiting for an answer", 'Jane Price owns the Gloucestershire plan, which has its owner approve: two completions proposed with their impact evidence and a new timescale asked for, each with its answer buttons.', ownerCard);
  const ownerApproved = cardOf(await handleCardAction(glosDeps, { ...pressOwner(ownerCard, '3.4', OWNER_CARD_VERBS.approve), user: PEOPLE.janePrice }));
  add('owner-approved', 'Plan owner: completion approved', 'Jane Price approves the completion of 3.4: closed with Nigel Hatten\'s evidence; the other two requests keep their buttons.', ownerApproved);
  const ownerNoReason = cardOf(await handleCardAction(glosDeps, { ...pressOwner(ownerApproved, '4.5', OWNER_CARD_VERBS.return, ''), user: PEOPLE.janePrice }));
  add('owner-return-needs-reason', 'Plan owner: returning needs a reason', 'Jane Price presses Return on 4.5 with the reason box empty: nothing recorded, the reason asked for.', ownerNoReason);
  const ownerRefused = cardOf(await handleCardAction(glosDeps, { ...pressOwner(ownerCard, '4.1', OWNER_CARD_VERBS.agree), user: PEOPLE.louiseWest }));
  add('owner-refused', 'Plan owner: someone else presses', 'Louise West presses Agree on the owner\'s card: only the plan owner can answer, nothing recorded.', ownerRefused);

  // The meeting's summary: the Pan Cheshire group meets on the day of Nigel Reid's reminder, walks
  // through his training actions with the secretary minuting two of them, and meets again in September.
  const training = await store.findActions(cheshire.id, { lead: 'Nigel Reid' });
  const minute = (ref: string, text: string, rag?: 'Amber' | 'Green') =>
    recordUpdate(store, {
      actionId: training.find((a) => a.ref === ref)!.id,
      text,
      ...(rag && { rag }),
      author: 'Pan Cheshire CSE Group secretary',
      authorId: null,
      origin: 'tab',
      mayClose: true,
      key: `gallery-minute-${ref}`,
      now: CHESHIRE_NOW,
      today: CHESHIRE_DAY,
    });
  const [first, second] = training.map((a) => a.ref);
  await minute(first!, 'Two of the four training dates are booked; the venue for the others is not yet agreed.', 'Amber');
  await minute(second!, 'Materials agreed with the LSCB training managers.');
  const meetings = withMeeting(withMeeting(cheshire.meetings, { date: CHESHIRE_DAY, source: 'teams', title: 'Pan Cheshire CSE Group', chatId: '19:meeting_cGFuLWNoZXNoaXJl@thread.v2' }), {
    date: '2013-09-12',
    source: 'entered',
    title: 'Pan Cheshire CSE Group',
  });
  const met = await store.updatePlanSettings(cheshire.id, { meetings });
  const summary = await summariseMeeting(store, met, CHESHIRE_DAY, [...training.map((a) => a.ref), '1.3']);
  add(
    'meeting-summary',
    'Meeting summary in the meeting chat',
    `The Pan Cheshire group meets on 25 Jul 2013 and walks through ${summary.discussed.length} actions, minuting two; on Finish (or when the meeting ends) the bot posts this to the meeting chat: what was discussed, what was recorded that day, what falls due before the next meeting on 12 Sep.`,
    meetingSummaryCard(summary),
  );

  // The digest in the group's channel, three days before the September meeting: what changed since July's.
  const channelDigest = { channel: { teamId: '19:cGFuLWNoZXNoaXJl@thread.tacv2', channelId: '19:Y3NlLWdyb3Vw@thread.tacv2', name: 'CSE Group' }, schedule: { kind: 'before-meeting' as const, daysBefore: 3 }, lastPostedOn: null };
  const linked = await store.updatePlanSettings(cheshire.id, { channelDigest });
  add(
    'channel-digest',
    "Digest in the plan's channel",
    'Three days before the Pan Cheshire group meets on 12 Sep 2013, the bot posts what changed since its meeting on 25 Jul to the group\'s channel (also when someone there asks "@Action plans since last meeting").',
    channelDigestCard({ plan: linked, digest: channelDigest, changes: await digestChanges(store, linked, channelDigest, '2013-09-09') }),
  );

  // An action deleted after the reminder (the plan imported again without it).
  const { draft } = await importPlanFile(join(SAMPLES, GLOUCESTERSHIRE), { importedAt: '2017-12-20T10:00:00.000Z' });
  const emma = await sendReminders(store, glos, 'Emma Woodward', GLOS_DAY, { userIds: [PEOPLE.emma.mri] });
  await store.importPlan({ ...draft, actions: draft.actions.filter((a) => a.ref !== '2.8') }, { replacePlanId: glos.id });
  const gone = cardOf(await handleCardAction(glosDeps, { ...press(reminderCard(emma.input), '2.8', CARD_VERBS.recordUpdate, { text: 'Training delivered.' }), user: PEOPLE.emma }));
  add('action-deleted', 'An action deleted since the reminder', 'Emma Woodward answers for 2.8 after the plan was imported again without it: said on the card, nothing recorded.', gone);

  await store.close();
  return gallery;
}
