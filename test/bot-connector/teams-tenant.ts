import { randomUUID } from 'node:crypto';

/**
 * The part of a Teams tenant the reminder bot touches, shared by the local Bot Connector
 * (bot-connector-server.ts) and the local Graph's installedApps endpoints
 * (../graph-server/installed-apps.ts): people, whether the app is installed for each, and the
 * one-to-one chat the bot has with them.
 *
 * As in Teams: installing the app for a person gives the bot a personal chat with them whose id
 * ("19:...@unq.gbl.spaces" for a chat found through Graph, "a:..." for one the bot was told of) is
 * the conversation id; uninstalling keeps the chat but the bot may no longer post to it; a chat the
 * person deleted is gone for good, and installing again gives a new one.
 */
export interface TeamsPerson {
  aadObjectId: string;
  /** The Teams user id ("29:...") activities carry in from.id. */
  mri: string;
  name: string;
  installationId: string | null;
  chatId: string | null;
  /** Blocked the bot in their chat (403 errorCode 209, MessageWritesBlocked). */
  blocked: boolean;
}

export class TeamsTenant {
  readonly people = new Map<string, TeamsPerson>();
  /** Chats by id: whose, and whether deleted. */
  readonly chats = new Map<string, { aadObjectId: string; deleted: boolean }>();
  /** Installs through Graph, for assertions: who, and whether it was new. */
  readonly installs: { aadObjectId: string; created: boolean }[] = [];
  /**
   * Group chats, such as a meeting's: who is in each (Entra object ids), and whether the app (with
   * its bot) has been added to it; a bot not in a chat may not post there or read its members.
   */
  readonly groupChats = new Map<string, { members: Set<string>; botAdded: boolean }>();
  /**
   * Teams by id (the team's thread id, which is also its General channel's): who is in each, its
   * channels, and whether the app has been added to it. A bot posts in a team's channels, and reads
   * its roster, only while the app is in the team.
   */
  readonly teams = new Map<string, { members: Set<string>; channels: Set<string>; botAdded: boolean }>();
  /** Private (or shared) channels' own people, by channel id; a channel not here has its team's. */
  readonly channelMembers = new Map<string, Set<string>>();
  /** Graph answers 403 for these (the app lacks the permission for them, say). */
  readonly installRefused = new Set<string>();
  private chatCount = 0;

  constructor(
    readonly tenantId: string,
    /** The Teams app's id in the organisation catalogue. */
    readonly catalogAppId: string,
  ) {}

  addPerson(aadObjectId: string, name: string): TeamsPerson {
    const person: TeamsPerson = { aadObjectId, mri: `29:${aadObjectId}`, name, installationId: null, chatId: null, blocked: false };
    this.people.set(aadObjectId, person);
    return person;
  }

  /** The person as the Bot Connector names them: by Entra object id or Teams user id. */
  personById(id: string): TeamsPerson | undefined {
    return this.people.get(id) ?? [...this.people.values()].find((p) => p.mri === id);
  }

  /** The app installed for the person (by themselves, an admin, or through Graph): a chat if they have none. */
  install(aadObjectId: string, chatPrefix = '19:'): { installationId: string; chatId: string; created: boolean } {
    const person = this.people.get(aadObjectId);
    if (!person) throw new Error(`no person ${aadObjectId} in the tenant`);
    const created = person.installationId === null;
    person.installationId ??= `inst-${randomUUID()}`;
    const chat = person.chatId ? this.chats.get(person.chatId) : undefined;
    if (!person.chatId || !chat || chat.deleted) {
      this.chatCount += 1;
      person.chatId = chatPrefix === '19:' ? `19:${aadObjectId}_${this.chatCount}@unq.gbl.spaces` : `${chatPrefix}${aadObjectId}-${this.chatCount}`;
      this.chats.set(person.chatId, { aadObjectId, deleted: false });
    }
    return { installationId: person.installationId, chatId: person.chatId, created };
  }

  uninstall(aadObjectId: string): void {
    const person = this.people.get(aadObjectId);
    if (person) person.installationId = null;
  }

  deleteChat(aadObjectId: string): void {
    const person = this.people.get(aadObjectId);
    const chat = person?.chatId ? this.chats.get(person.chatId) : undefined;
    if (chat) chat.deleted = true;
  }

  /** A team with these people and channels (its General channel, the team's own id, always among them). */
  addTeam(teamId: string, memberIds: readonly string[], channelIds: readonly string[], botAdded = true): void {
    this.teams.set(teamId, { members: new Set(memberIds), channels: new Set([teamId, ...channelIds]), botAdded });
  }

  /** A private channel in a team, with only these of its people. */
  addPrivateChannel(teamId: string, channelId: string, memberIds: readonly string[]): void {
    this.teams.get(teamId)!.channels.add(channelId);
    this.channelMembers.set(channelId, new Set(memberIds));
  }

  /** The team a channel belongs to, with the channel's people: its own for a private channel, else the team's. */
  teamOfChannel(channelId: string): { teamId: string; members: Set<string>; channels: Set<string>; botAdded: boolean } | undefined {
    for (const [teamId, team] of this.teams) if (team.channels.has(channelId)) return { teamId, ...team, members: this.channelMembers.get(channelId) ?? team.members };
    return undefined;
  }

  /** A meeting's chat with these people in it; the app is added to it when the meeting gets the app. */
  addGroupChat(chatId: string, memberIds: readonly string[], botAdded = true): void {
    this.groupChats.set(chatId, { members: new Set(memberIds), botAdded });
  }
}
