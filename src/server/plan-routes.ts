import { Router, type Request } from 'express';
import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import type { ActionWithUpdates, Plan } from '../plan/plan.js';
import { RAG_VALUES } from '../plan/rag.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../plan/update-rules.js';
import { dateIn, type Clock } from '../config/today.js';
import type { LeadMappingStore } from '../store/lead-mapping-store.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { recordUpdate } from '../service/record-update.js';
import { changeActionFields } from '../service/change-action.js';
import { answerCompletion, answerTimescale, changeTimescale, completeAction, type RequestContext, type RequestOutcome } from '../service/completion-requests.js';
import { addMeeting, removeMeeting } from '../service/meeting-dates.js';
import { ownerStanding, personStanding, type EditStanding } from '../service/owner-standing.js';
import { postMeetingSummaryOnce, recordDiscussed, type MeetingChat } from '../service/meeting-summary.js';
import { planChanges } from '../service/plan-changes.js';
import { channelDigestOf, postChannelDigest, type PlanChannels } from '../service/channel-digest.js';
import type { PlanChannel } from '../plan/channel-digest.js';
import { digestScheduleSchema, planChannelSchema } from '../plan/channel-digest-schema.js';
import { pageLink, parseActionPage, parseActionQuery } from '../service/action-query.js';
import { sortActions } from '../plan/action-order.js';
import { isDateOnly, type DateOnly } from '../plan/calendar-date.js';
import { jsonArray } from './json-array.js';
import { parseInput } from './parse-input.js';

export interface PlanRoutesOptions {
  store: PlansAndActions & UpdateLog & LeadMappingStore;
  clock: Clock;
  /** Who is making a request: from the Teams SSO token in Teams, a fixed name in local mode. */
  identify: (req: Request) => Promise<{ name: string; userId: string | null }>;
  /**
   * Whether the person asking may change the plan. Tenant mode reads it from SharePoint as them;
   * local mode (no sign-in, this machine only) lets everyone edit.
   */
  editStanding?: (req: Request, plan: Plan) => Promise<EditStanding>;
  /** The meeting chats the bot is in, for meeting summaries; null when no bot is served. */
  meetingChat?: MeetingChat | null;
  /** The teams the bot is in, for the plan's channel digest; null when no bot is served. */
  planChannels?: PlanChannels | null;
}

const day = z.string().refine(isDateOnly, 'must be a date as YYYY-MM-DD');
const key = z.string().min(8).max(200);
const version = z.string().min(1, 'version is required: send the version you last read');
// Lengths are checked by the domain rules so the message is the same everywhere.
const words = z.string().max(MAX_UPDATE_TEXT_LENGTH * 10);

const newUpdateBody = z.strictObject({
  text: words,
  rag: z.enum(RAG_VALUES).optional(),
  timescale: z.string().max(200).optional(),
  /** The day the update reports, when not today (a meeting's). */
  date: z.string().max(40).optional(),
  /** What difference the action made, when the update completes it. */
  evidence: words.optional(),
  version: z.string().min(1).optional(),
  key: key.optional(),
});

const changeBody = z
  .strictObject({
    version,
    rag: z.enum(RAG_VALUES).optional(),
    timescale: z.string().trim().min(1).max(200).optional(),
    /** Why: the impact evidence when the change completes the action, the reason for a new timescale. */
    note: words.optional(),
    date: day.optional(),
    key: key.optional(),
  })
  .refine((b) => b.rag !== undefined || b.timescale !== undefined, { message: 'send rag or timescale to change' });

const completeBody = z.strictObject({ version, evidence: words, date: day.optional(), key: key.optional() });
const answerBody = z.strictObject({ version, approve: z.boolean(), note: words.optional(), date: day.optional(), key: key.optional() });
const timescaleRequestBody = z.strictObject({ version, timescale: z.string().max(200), reason: words, date: day.optional(), key: key.optional() });
const timescaleAnswerBody = z.strictObject({ version, agree: z.boolean(), note: words.optional(), date: day.optional(), key: key.optional() });
/** A Teams chat's conversation id ("19:meeting_...@thread.v2"). */
const chatId = z.string().trim().min(1).max(500).regex(/^[^\s/?#]+$/, 'must be the meeting chat id as Teams gives it');
const meetingBody = z.strictObject({
  date: day,
  title: z.string().trim().max(255).optional(),
  source: z.enum(['entered', 'teams']).optional(),
  /** The Teams meeting's chat, where its summary goes when it ends. */
  chatId: chatId.optional(),
});
const finishBody = z.strictObject({
  chatId: chatId.nullable(),
  /** The refs shown in the meeting's shared session, in order. */
  discussed: z.array(z.string().trim().min(1).max(40)).max(10_000),
});
const discussedBody = z.strictObject({
  chatId: chatId.nullable(),
  /** The refs the meeting's stage has shown so far, in order. */
  discussed: finishBody.shape.discussed,
});
const changesQuery = z.strictObject({ since: day.optional() });
const channelDigestBody = z.strictObject({ channel: planChannelSchema, schedule: digestScheduleSchema });

/** The JSON API the tab and scripts use. Plan and action are addressed by plan id and ref. */
export function planRoutes({ store, clock, identify, editStanding = async () => 'edit', meetingChat = null, planChannels = null }: PlanRoutesOptions): Router {
  const router = Router();

  /**
   * Refuses a change from a person SharePoint gives read-only access, before anything is written;
   * `known` also refuses when their access could not be read (what the app then does, it does with its own rights).
   */
  async function requireEdit(req: Request, plan: Plan, known = false): Promise<void> {
    const standing = await editStanding(req, plan);
    if (standing === 'read-only') {
      throw new PlanError('may_not_edit', 'You can read this plan but not change it: ask the plan site\'s owner for Edit permission (SharePoint gives you Read)');
    }
    if (known && standing === 'unknown') {
      throw new PlanError('may_not_edit', 'Your permission on the plan site could not be read, so the app cannot act for you: ask an administrator to grant the app consent for SharePoint AllSites.Write (docs/permissions.md), then try again');
    }
  }

  async function planOr404(planId: string): Promise<Plan> {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    return plan;
  }

  async function actionOr404(planId: string, ref: string) {
    await planOr404(planId);
    const action = await store.getActionByRef(planId, ref);
    if (!action) throw new PlanError('action_not_found', `plan "${planId}" has no action ${ref}`);
    return action;
  }

  router.get('/plans', async (_req, res) => {
    res.json(await store.listPlans());
  });

  router.get('/plans/:planId', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    const sections = await store.listSections(plan.id);
    // What the person asking may decide, so the tab offers "Approve" to the owner and "Propose" to others.
    const [owner, edit] = await Promise.all([identify(req).then((person) => ownerStanding(store, plan, person)), editStanding(req, plan)]);
    res.json({ plan, sections, today: dateIn(plan.timeZone, clock()), you: personStanding(owner, edit) });
  });

  /** Who is asking, what they may decide, and the times and key of what they ask. */
  async function requestContext(req: Request, plan: Plan, body: { key?: string | undefined; date?: string | undefined }): Promise<RequestContext> {
    const person = await identify(req);
    const standing = await ownerStanding(store, plan, person);
    const now = clock();
    return {
      by: { author: person.name, authorId: person.userId, origin: 'tab' },
      isOwner: standing.isOwner,
      ownerApproves: standing.ownerApproves,
      key: `tab:${body.key ?? crypto.randomUUID()}`,
      now,
      today: dateIn(plan.timeZone, now),
      ...(body.date !== undefined && { date: body.date }),
    };
  }

  router.get('/plans/:planId/actions', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    const filter = parseActionQuery(req.query, dateIn(plan.timeZone, clock()));
    const { top, skip, order } = parseActionPage(req.query);
    const found = await store.findActions(plan.id, filter);
    const actions = order === 'plan' ? found : sortActions(found, order, filter.today!);
    res.setHeader('X-Total-Count', String(actions.length));
    if (skip + top < actions.length) res.setHeader('Link', `<${pageLink(req.originalUrl, top, skip + top)}>; rel="next"`);
    res.type('application/json').send(jsonArray(actions.slice(skip, skip + top)));
  });

  router.get('/plans/:planId/export', async (req, res) => {
    const doc = await store.exportPlan(req.params.planId);
    if (!doc) throw new PlanError('plan_not_found', `no plan with id "${req.params.planId}"`);
    res.json(doc);
  });

  router.get('/plans/:planId/actions/:ref', async (req, res) => {
    res.json(await actionOr404(req.params.planId, req.params.ref));
  });

  router.post('/plans/:planId/actions/:ref/updates', async (req, res) => {
    const body = parseInput(newUpdateBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    const action = await actionOr404(plan.id, req.params.ref);
    await requireEdit(req, plan);
    const who = await identify(req);
    const standing = await ownerStanding(store, plan, who);
    const now = clock();
    const result = await recordUpdate(store, {
      actionId: action.id,
      text: body.text,
      ...(body.rag !== undefined && { rag: body.rag }),
      ...(body.timescale !== undefined && { timescale: body.timescale }),
      ...(body.date !== undefined && { date: body.date }),
      ...(body.evidence !== undefined && { evidence: body.evidence }),
      ...(body.version !== undefined && { expectedVersion: body.version }),
      author: who.name,
      authorId: who.userId,
      origin: 'tab',
      mayClose: standing.mayDecide,
      key: body.key ?? `tab:${crypto.randomUUID()}`,
      now,
      today: dateIn(plan.timeZone, now),
    });
    res.status(result.created ? 201 : 200).json(result);
  });

  router.patch('/plans/:planId/actions/:ref', async (req, res) => {
    const body = parseInput(changeBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    const action = await actionOr404(plan.id, req.params.ref);
    await requireEdit(req, plan);
    const context = await requestContext(req, plan, body);
    if (body.timescale !== undefined && body.timescale !== action.timescale.asWritten && !(context.isOwner || !context.ownerApproves)) {
      throw new PlanError('not_plan_owner', `this plan has its owner agree new timescales: ask for one (POST .../actions/${action.ref}/timescale-requests) with your reason`);
    }
    const changed = await changeActionFields(store, action, body.version, {
      ...(body.rag !== undefined && { rag: body.rag }),
      ...(body.timescale !== undefined && { timescale: body.timescale }),
      ...(body.note !== undefined && { note: body.note }),
      ...context,
      mayClose: context.isOwner || !context.ownerApproves,
    });
    res.json(changed);
  });

  /**
   * A request about an action (to complete it, to move its timescale) or the owner's answer: the
   * body parsed, the plan and action found, the person's standing known; 202 when it was asked of
   * the owner rather than done.
   */
  function requestRoute<S extends z.ZodType<{ version: string; key?: string | undefined; date?: string | undefined }>>(
    path: string,
    schema: S,
    run: (action: ActionWithUpdates, body: z.output<S>, context: RequestContext) => Promise<RequestOutcome>,
  ): void {
    router.post(`/plans/:planId/actions/:ref/${path}`, async (req, res) => {
      const body = parseInput(schema, req.body, 'field');
      const plan = await planOr404(String(req.params.planId));
      const action = await actionOr404(plan.id, String(req.params.ref));
      await requireEdit(req, plan);
      const result = await run(action, body, await requestContext(req, plan, body));
      res.status(result.outcome === 'requested' ? 202 : 200).json(result);
    });
  }

  requestRoute('complete', completeBody, (action, body, context) => completeAction(store, action, body.version, body.evidence, context));
  requestRoute('completion-answer', answerBody, (action, body, context) => answerCompletion(store, action, body.version, { approve: body.approve, note: body.note ?? null }, context));
  requestRoute('timescale-requests', timescaleRequestBody, (action, body, context) => changeTimescale(store, action, body.version, { timescale: body.timescale, reason: body.reason }, context));
  requestRoute('timescale-answer', timescaleAnswerBody, (action, body, context) => answerTimescale(store, action, body.version, { agree: body.agree, note: body.note ?? null }, context));

  router.get('/plans/:planId/changes', async (req, res) => {
    const query = parseInput(changesQuery, req.query, 'query');
    const plan = await planOr404(req.params.planId);
    res.json(await planChanges(store, plan, dateIn(plan.timeZone, clock()), query.since ?? null));
  });

  router.get('/plans/:planId/meetings', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    res.json(plan.meetings);
  });

  router.post('/plans/:planId/meetings', async (req, res) => {
    const body = parseInput(meetingBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    await requireEdit(req, plan);
    // The chat is where the meeting's summary will go: not a chat the person is known to be outside.
    if (body.chatId !== undefined && meetingChat && (await meetingChat.membership(body.chatId, (await identify(req)).userId)) === 'not-member') {
      throw new PlanError('not_in_chat', 'you are not a member of this meeting chat, so its meeting cannot be recorded with it');
    }
    const meeting = { date: body.date, title: body.title ?? null, source: body.source ?? 'entered', ...(body.chatId !== undefined && { chatId: body.chatId }) };
    const updated = await addMeeting(store, plan, meeting, dateIn(plan.timeZone, clock()));
    res.status(201).json(updated.meetings);
  });

  router.delete('/plans/:planId/meetings/:date', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    await requireEdit(req, plan);
    res.json((await removeMeeting(store, plan, req.params.date)).meetings);
  });

  /** The plan and day a meeting route names: a day that has come, on a plan the person may change. */
  async function heldMeetingFor(req: Request<{ planId: string; date: string }>): Promise<{ plan: Plan; date: DateOnly; today: DateOnly }> {
    const date = parseInput(z.object({ date: day }), { date: req.params.date }, 'field').date;
    const plan = await planOr404(req.params.planId);
    const today = dateIn(plan.timeZone, clock());
    if (date > today) throw new PlanError('invalid_input', `the meeting on ${date} has not happened yet (today is ${today})`, { at: { column: 'date' } });
    await requireEdit(req, plan, true);
    return { plan, date, today };
  }

  /**
   * "Finish" in the meeting: the summary card to the meeting's chat, once per plan, chat and day.
   * The bot posts with the app's own rights, so the person must be able to change the plan and be
   * in the chat; a chat the bot was never added to cannot be posted to.
   */
  router.post('/plans/:planId/meetings/:date/finish', async (req, res) => {
    const body = parseInput(finishBody, req.body, 'field');
    const { plan, date, today } = await heldMeetingFor(req);
    if (body.chatId === null) throw new PlanError('bot_not_in_chat', 'this is not a Teams meeting chat: open the plan in the meeting (add Action plans to the meeting) to post its summary');
    if (!meetingChat) throw new PlanError('bot_not_in_chat', 'no bot is served here (PLAN_BOT=off), so nothing can be posted to the meeting chat');
    const person = await identify(req);
    const chat = body.chatId;
    // Local mode signs nobody in: its one user is this machine's, and only the bot's presence is checked.
    const membership = await meetingChat.membership(chat, person.userId);
    if (membership === 'bot-not-in-chat') {
      throw new PlanError('bot_not_in_chat', 'the app has not been added to this meeting chat: add Action plans to the meeting (Apps in the meeting), then finish again');
    }
    if (membership === 'not-member') throw new PlanError('not_in_chat', 'you are not a member of this meeting chat, so you cannot post its summary there');
    const answer = await postMeetingSummaryOnce(store, plan.id, { date, chatId: chat, today }, body.discussed, (summary) => meetingChat.post(chat, summary));
    res.json(answer);
  });

  /**
   * What the meeting's stage has shown so far, reported by the side panel of someone who may change
   * the plan while the meeting runs: kept on the day's meeting for the summary posted when the
   * meeting simply ends (Teams' meeting end event), where no "Finish" hands the list over.
   */
  router.put('/plans/:planId/meetings/:date/discussed', async (req, res) => {
    const body = parseInput(discussedBody, req.body, 'field');
    const { plan, date } = await heldMeetingFor(req);
    // One meeting may walk through two plans: the session's list then holds the other plan's refs too.
    const actions = new Set((await store.findActions(plan.id)).map((a) => a.ref));
    const ours = body.discussed.filter((ref) => actions.has(ref));
    const ignored = body.discussed.filter((ref) => !actions.has(ref));
    res.json({ discussed: await recordDiscussed(store, plan, { date, chatId: body.chatId }, ours), ignored });
  });

  /**
   * The bot posts to a channel with the app's own rights: only someone who may change the plan and
   * is in the channel may link the plan to it or post there, and only in a team the app is in.
   */
  async function requireChannel(req: Request, plan: Plan, channel: PlanChannel): Promise<PlanChannels> {
    await requireEdit(req, plan, true);
    if (!planChannels) throw new PlanError('bot_not_in_team', 'no bot is served here (PLAN_BOT=off), so nothing can be posted to a channel');
    const membership = await planChannels.membership(channel, (await identify(req)).userId);
    if (membership === 'bot-not-in-team') {
      throw new PlanError('bot_not_in_team', 'the app has not been added to this team: add Action plans to the team (Apps, Action plans, Add to a team), then try again');
    }
    if (membership === 'not-member') throw new PlanError('not_in_team', 'you are not a member of this channel, so you cannot have the plan posted there');
    return planChannels;
  }

  /** Links the plan to a channel for its digest, with when to post it; the day last posted is kept for the same channel. */
  router.put('/plans/:planId/channel-digest', async (req, res) => {
    const body = parseInput(channelDigestBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    await requireChannel(req, plan, body.channel);
    const same = plan.channelDigest?.channel.channelId === body.channel.channelId;
    const updated = await store.updatePlanSettings(plan.id, { channelDigest: { ...body, lastPostedOn: same ? (plan.channelDigest?.lastPostedOn ?? null) : null } });
    res.json(updated.channelDigest ?? null);
  });

  router.delete('/plans/:planId/channel-digest', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    await requireEdit(req, plan);
    await store.updatePlanSettings(plan.id, { channelDigest: null });
    res.status(204).end();
  });

  /** "Post now": the digest to the plan's channel, whatever its schedule. */
  router.post('/plans/:planId/channel-digest/post', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    const channels = await requireChannel(req, plan, channelDigestOf(plan).channel);
    const { changes } = await postChannelDigest(store, plan.id, dateIn(plan.timeZone, clock()), channels);
    res.json({ posted: true, since: changes.since, counts: changes.counts });
  });

  return router;
}
