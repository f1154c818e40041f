import { InsecureTokenProvider } from '@fluidframework/test-client-utils';
import { ContainerState, UserMeetingRole, type IClientInfo, type IFluidContainerInfo, type ILiveShareHost } from '@microsoft/live-share';
// zod/mini, as the tab's other response checks: zod's full build compiles parsers with Function(), which the tab's CSP refuses.
import { z } from 'zod/mini';
import type { SimulatedMeeting } from '../host/local-host.js';
import type { LiveShareSetup } from './live-share-setup.js';

const ROLES: Record<SimulatedMeeting['role'], UserMeetingRole[]> = {
  Organizer: [UserMeetingRole.organizer, UserMeetingRole.presenter, UserMeetingRole.attendee],
  Presenter: [UserMeetingRole.presenter, UserMeetingRole.attendee],
  Attendee: [UserMeetingRole.attendee],
};

const meetingAnswer = z.object({ fluidEndpoint: z.string(), containerId: z.nullable(z.string()) });
const containerAnswer = z.object({ containerId: z.string(), added: z.boolean() });
const clientAnswer = z.object({ userId: z.string(), displayName: z.string(), roles: z.array(z.enum(UserMeetingRole)) });
const errorAnswer = z.object({ error: z.object({ message: z.string() }) });

async function call<S extends z.ZodMiniType>(schema: S, path: string, init?: RequestInit): Promise<z.output<S> | null> {
  const response = await fetch(`/api/local-meetings/${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...init?.headers } });
  if (response.status === 404) return null;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorAnswer.safeParse(body);
    throw new Error(error.success ? error.data.error.message : `the local server answered ${response.status}`);
  }
  return schema.parse(body);
}

/**
 * Live Share's host for a meeting simulated in browser windows (`?meeting=demo`): what teams-js's
 * LiveShareHost asks Teams for, asked of the local server instead (src/server/local-meeting-routes.ts).
 */
class SimulatedMeetingHost implements ILiveShareHost {
  constructor(
    private readonly meeting: SimulatedMeeting,
    private readonly fluidEndpoint: string,
  ) {}

  private get base(): string {
    return encodeURIComponent(this.meeting.id);
  }

  async getFluidTenantInfo() {
    return { tenantId: 'local', serviceEndpoint: this.fluidEndpoint };
  }

  async getFluidToken(): Promise<string> {
    // The connection's own token provider signs for the local service; Teams' tokens are not used.
    return '';
  }

  async getFluidContainerId(): Promise<IFluidContainerInfo> {
    const answer = await call(meetingAnswer, this.base);
    const containerId = answer?.containerId ?? undefined;
    return containerId === undefined
      ? { containerState: ContainerState.notFound, containerId: undefined, shouldCreate: true, retryAfter: 0 }
      : { containerState: ContainerState.alreadyExists, containerId, shouldCreate: false, retryAfter: 0 };
  }

  async setFluidContainerId(containerId: string): Promise<IFluidContainerInfo> {
    const answer = await call(containerAnswer, `${this.base}/container`, { method: 'PUT', body: JSON.stringify({ containerId }) });
    if (answer === null) throw new Error('the local server has no simulated meetings');
    return { containerState: answer.added ? ContainerState.added : ContainerState.alreadyExists, containerId: answer.containerId, shouldCreate: false, retryAfter: 0 };
  }

  async getNtpTime() {
    const now = Date.now();
    return { ntpTime: new Date(now).toUTCString(), ntpTimeInUTC: now };
  }

  async registerClientId(clientId: string): Promise<UserMeetingRole[]> {
    const roles = ROLES[this.meeting.role];
    await call(clientAnswer, `${this.base}/clients/${encodeURIComponent(clientId)}`, {
      method: 'PUT',
      body: JSON.stringify({ userId: this.meeting.userId, displayName: this.meeting.name, roles }),
    });
    return roles;
  }

  async getClientRoles(clientId: string): Promise<UserMeetingRole[] | undefined> {
    return (await this.getClientInfo(clientId))?.roles;
  }

  async getClientInfo(clientId: string): Promise<IClientInfo | undefined> {
    const info = await call(clientAnswer, `${this.base}/clients/${encodeURIComponent(clientId)}`);
    // As Teams does, an unknown client is an error (Live Share asks again a moment later for a client still joining).
    if (info === null) throw new Error(`no client ${clientId} in this meeting`);
    return info;
  }
}

/** Starts (or finds) the local Fluid service, then gives Live Share the simulated meeting's host. */
export async function simulatedLiveShare(meeting: SimulatedMeeting): Promise<LiveShareSetup> {
  const answer = await call(meetingAnswer, encodeURIComponent(meeting.id));
  if (answer === null) throw new Error('this server does not simulate meetings (tenant mode, or an older server)');
  // Azure Fluid Relay's clients (and so Live Share's) require the token's user to have a name as well as an id.
  const user = { id: meeting.userId, name: meeting.name };
  return {
    host: new SimulatedMeetingHost(meeting, answer.fluidEndpoint),
    connection: { type: 'local', endpoint: answer.fluidEndpoint, tokenProvider: new InsecureTokenProvider('', user) },
  };
}
