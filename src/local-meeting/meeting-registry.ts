/**
 * What Teams' Live Share service keeps for a meeting, kept in memory for a simulated one: which
 * Fluid container the meeting's clients share (the first to create one wins, as
 * `setFluidContainerId` answers "alreadyExists" to the others), and each client's name and
 * meeting roles, which Live Share asks for when it checks who may present.
 * learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/teams-live-share-capabilities
 */

export const MEETING_ROLES = ['Guest', 'Attendee', 'Presenter', 'Organizer'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export interface MeetingClient {
  userId: string;
  displayName: string;
  roles: MeetingRole[];
}

interface SimulatedMeeting {
  containerId: string | null;
  clients: Map<string, MeetingClient>;
}

/** Bounds, so a page that loops cannot grow the server without end. */
const MAX_MEETINGS = 50;
const MAX_CLIENTS = 500;

export class MeetingLimitError extends Error {
  override readonly name = 'MeetingLimitError';
}

export class MeetingRegistry {
  private readonly meetings = new Map<string, SimulatedMeeting>();

  private meeting(id: string): SimulatedMeeting {
    let meeting = this.meetings.get(id);
    if (meeting === undefined) {
      if (this.meetings.size >= MAX_MEETINGS) throw new MeetingLimitError(`at most ${MAX_MEETINGS} simulated meetings run at once; restart the server to clear them`);
      meeting = { containerId: null, clients: new Map() };
      this.meetings.set(id, meeting);
    }
    return meeting;
  }

  containerOf(meetingId: string): string | null {
    return this.meetings.get(meetingId)?.containerId ?? null;
  }

  /** Records the meeting's container unless one is recorded already; answers the one in force. */
  offerContainer(meetingId: string, containerId: string): { containerId: string; added: boolean } {
    const meeting = this.meeting(meetingId);
    if (meeting.containerId !== null) return { containerId: meeting.containerId, added: false };
    meeting.containerId = containerId;
    return { containerId, added: true };
  }

  registerClient(meetingId: string, clientId: string, client: MeetingClient): void {
    const meeting = this.meeting(meetingId);
    if (!meeting.clients.has(clientId) && meeting.clients.size >= MAX_CLIENTS) {
      throw new MeetingLimitError(`at most ${MAX_CLIENTS} connections join one simulated meeting`);
    }
    meeting.clients.set(clientId, client);
  }

  client(meetingId: string, clientId: string): MeetingClient | null {
    return this.meetings.get(meetingId)?.clients.get(clientId) ?? null;
  }

  /** Forgets every meeting (the Fluid service they ran on has stopped). */
  clear(): void {
    this.meetings.clear();
  }
}
