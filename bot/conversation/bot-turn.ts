import { z } from 'zod';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import { errorResponse, type CardActionResponse } from './invoke-response.js';

/*
 * The product's own view of a bot turn. The bot SDK (botbuilder today: botbuilder-adapter.ts) turns
 * its turn into a Turn and runs a TurnHandler; nothing else of ours knows the SDK, so a move to the
 * Teams SDK (@microsoft/teams.apps) or the Agents SDK (@microsoft/agents-hosting) writes one new
 * adapter against these types. Field names are the Bot Framework Activity schema's
 * (github.com/microsoft/botframework-sdk, specs/botframework-activity), which all three SDKs carry.
 */

/** Absent and null read alike: channels leave optional fields out or send them as null. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const account = z.object({ id: z.string(), name: optionalText, aadObjectId: optionalText });

/**
 * Teams' channelData: the tenant, and the team and channel of a channel's activity. Unreadable
 * channelData is taken as none (not a team, no tenant), rather than failing the turn.
 */
const teamsChannelData = z
  .object({
    tenant: z.object({ id: z.string() }).optional(),
    team: z.object({ id: z.string().min(1), name: optionalText }).optional(),
    channel: z.object({ id: z.string().min(1), name: optionalText }).optional(),
  })
  .optional()
  .catch(undefined);

/** A mention entity; channels differ in the type's case ("mention", "Mention"). */
const mention = z.object({ type: z.string().refine((type) => type.toLowerCase() === 'mention'), mentioned: z.object({ id: z.string() }), text: z.string() });

/** Only mentions are kept: the bot looks among them for its own. */
const entities = z
  .array(z.unknown())
  .nullish()
  .transform((list) => (list ?? []).flatMap((entity) => {
    const parsed = mention.safeParse(entity);
    return parsed.success ? [parsed.data] : [];
  }));

const members = z
  .array(account)
  .nullish()
  .transform((list) => list ?? []);

/** The fields of an activity the bot reads, parsed once where the SDK hands the activity over. */
export const incomingActivitySchema = z.object({
  type: z.string().min(1),
  /** The activity's id: Teams redelivers a message with the same one. */
  id: optionalText,
  /** As sent (ISO 8601), whatever type the SDK keeps it as. */
  timestamp: optionalText,
  channelId: optionalText,
  serviceUrl: optionalText,
  /** installationUpdate: "add", "add-upgrade", "remove" or "remove-upgrade". */
  action: optionalText,
  /** An event's or invoke's name ("adaptiveCard/action", "application/vnd.microsoft.meetingEnd"). */
  name: optionalText,
  text: optionalText,
  value: z.unknown().optional(),
  from: account.nullish().transform((value) => value ?? undefined),
  /** The bot itself. */
  recipient: account.nullish().transform((value) => value ?? undefined),
  conversation: z
    .object({
      id: z.string(),
      /** "personal", "groupChat" or "channel" in Teams; other channels may leave it out. */
      conversationType: optionalText,
      tenantId: optionalText,
      name: optionalText,
    })
    .optional(),
  channelData: teamsChannelData,
  entities,
  membersAdded: members,
  membersRemoved: members,
});

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/**
 * What the SDK's turn offers the bot: the activity, replies in its conversation, and the
 * conversation reference a proactive message needs later.
 */
export interface Turn {
  readonly activity: IncomingActivity;
  /** A plain-text reply: people's words are echoed back, so never read as markdown. */
  reply(text: string): Promise<void>;
  /** An Adaptive Card reply; `summary` is what a notification or a chat list shows for it. */
  replyCard(card: AdaptiveCard, summary?: string): Promise<void>;
  /**
   * The Bot Framework ConversationReference of this turn (serviceUrl, channelId, conversation, bot,
   * user), kept as JSON by the store and handed back to the SDK to continue the conversation.
   */
  conversationReference(): ConversationReference;
}

/** Opaque JSON to all but the adapter that made it. */
export type ConversationReference = Readonly<Record<string, unknown>>;

/** The answer to an invoke, carried back in the HTTP response to the channel. */
export interface InvokeReply {
  status: number;
  body?: unknown;
}

/** What the adapter runs for every turn; an invoke's answer is returned, not sent. */
export interface TurnHandler {
  run(turn: Turn): Promise<InvokeReply | undefined>;
}

/**
 * What a turn is about, routed as Teams documents its conversation events
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events)
 * and botbuilder's TeamsActivityHandler dispatched them.
 */
export type BotEvent =
  /** installationUpdate "add", or "add-upgrade" (the app updated, not newly installed). */
  | { kind: 'installed'; upgrade: boolean }
  /** installationUpdate "remove", or "remove-upgrade" (part of an app update). */
  | { kind: 'uninstalled'; upgrade: boolean }
  /** conversationUpdate: members added or removed, the bot among them or not. */
  | { kind: 'members-changed'; botAdded: boolean; botRemoved: boolean }
  | { kind: 'message' }
  /** adaptiveCard/action invoke of an Action.Execute (Universal Actions). */
  | { kind: 'card-action'; verb: string; data: unknown }
  /** An invoke to answer at once: a malformed card action, or one the bot does not take. */
  | { kind: 'invoke-refused'; reply: InvokeReply }
  /**
   * Teams' meeting end event (application/vnd.microsoft.meetingEnd, with RSC OnlineMeeting.ReadBasic.Chat;
   * learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis, "Get meeting events").
   */
  | { kind: 'meeting-ended' }
  /** Anything else (typing, reactions, other events): nothing to do. */
  | { kind: 'ignored' };

/** The meeting end event's value; botbuilder refused the event without these, and so does the routing. */
const meetingEndValue = z.object({ Id: z.string(), JoinUrl: z.string(), MeetingType: z.string(), Title: z.string(), EndTime: z.string() });

const cardActionValue = z.object({
  action: z.object({ type: z.string(), verb: optionalText, data: z.unknown().optional() }),
});

/** An adaptiveCard/action invoke: an Action.Execute's verb and data, or refused as botbuilder's ActivityHandler refused it. */
function cardActionOf(value: unknown): BotEvent {
  const refuse = (response: CardActionResponse): BotEvent => ({ kind: 'invoke-refused', reply: { status: response.statusCode, body: response } });
  if (value === undefined || value === null) return refuse(errorResponse(400, 'BadRequest', 'Missing value property'));
  const parsed = cardActionValue.safeParse(value);
  if (!parsed.success) return refuse(errorResponse(400, 'BadRequest', 'Missing action property'));
  const { type, verb, data } = parsed.data.action;
  if (type !== 'Action.Execute') return refuse(errorResponse(400, 'NotSupported', `The action '${type}' is not supported.`));
  return { kind: 'card-action', verb: verb ?? '', data };
}

export function eventOf(activity: IncomingActivity): BotEvent {
  const botId = activity.recipient?.id;
  switch (activity.type) {
    case 'message':
      return { kind: 'message' };
    case 'installationUpdate':
      if (activity.action === 'add' || activity.action === 'add-upgrade') return { kind: 'installed', upgrade: activity.action === 'add-upgrade' };
      if (activity.action === 'remove' || activity.action === 'remove-upgrade') return { kind: 'uninstalled', upgrade: activity.action === 'remove-upgrade' };
      return { kind: 'ignored' };
    case 'conversationUpdate':
      return {
        kind: 'members-changed',
        botAdded: activity.membersAdded.some((m) => m.id === botId),
        botRemoved: activity.membersRemoved.some((m) => m.id === botId),
      };
    case 'event':
      // Teams sends the meeting's events on its own channel only.
      if (activity.channelId === 'msteams' && activity.name === 'application/vnd.microsoft.meetingEnd' && meetingEndValue.safeParse(activity.value).success) {
        return { kind: 'meeting-ended' };
      }
      return { kind: 'ignored' };
    case 'invoke':
      // Task modules, message extensions, sign-in, tab fetch: the app offers none, so each is answered with status 501.
      return activity.name === 'adaptiveCard/action' ? cardActionOf(activity.value) : { kind: 'invoke-refused', reply: { status: 501 } };
    default:
      return { kind: 'ignored' };
  }
}

/**
 * The message's text without the @mention of the bot that Teams puts in it in a channel or group
 * chat ("<at>Action plans</at> since last meeting"): the first mention of the bot is cut, as
 * botbuilder's TurnContext.removeRecipientMention did.
 */
export function textWithoutMention(activity: IncomingActivity): string {
  const text = activity.text ?? '';
  const botId = activity.recipient?.id;
  const ofBot = activity.entities.find((entity) => entity.mentioned.id === botId);
  return ofBot ? text.replace(ofBot.text, '').trim() : text;
}

/**
 * The bot SDK's side: runs turns of activities received at /api/messages, and continues a stored
 * conversation. botbuilder-adapter.ts implements it over botbuilder's CloudAdapter; the Teams SDK's
 * App or the Agents SDK's CloudAdapter would implement it the same way.
 */
export interface BotAdapter {
  /** An activity from the Bot Connector whose token was validated for this bot (src/auth/bot-request-validator.ts). */
  processAuthenticated(activity: ReceivedActivity, handler: TurnHandler): Promise<InvokeReply | undefined>;
  /** Local mode: no bot registration, so the turn runs unauthenticated and replies go without a token. */
  processLocal(activity: ReceivedActivity, handler: TurnHandler): Promise<InvokeReply | undefined>;
  /**
   * Runs `logic` in the conversation a stored reference names
   * (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
   */
  continueConversation(reference: ConversationReference, logic: (turn: Turn) => Promise<void>): Promise<void>;
}

/** An activity as the channel posted it (JSON), checked by the endpoint for the fields it routes by. */
export type ReceivedActivity = Readonly<Record<string, unknown>>;
