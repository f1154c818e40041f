import type { TeamsTenant } from '../bot-connector/teams-tenant.js';
import { ServiceError } from './service-error.js';

/**
 * Graph's Teams app installations for users, over the same TeamsTenant as the local Bot Connector:
 *
 * - POST /users/{id}/teamwork/installedApps with { "teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}" }
 *   ("Install app for user", learn.microsoft.com/graph/api/userteamwork-post-installedapps): 201
 *   Created with no body; 409 Conflict when the app is installed for the user already (as Company
 *   Communicator handles it: TeamsConversationActivity.InstallAppAndGetConversationId); 404 for an
 *   app not in the catalogue or an unknown user; 403 when the app may not install for that user.
 * - GET /users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '{id}'
 *   ("List apps installed for user"; "Send proactive installation messages", graph-proactive-bots-and-messages):
 *   the installation, or an empty value when not installed.
 * - GET /users/{id}/teamwork/installedApps/{installation id}/chat ("Get chat between user and app",
 *   learn.microsoft.com/graph/api/userscopeteamsappinstallation-get-chat): the chat, its id the
 *   conversation id.
 */
export interface GraphAppsRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export class InstalledApps {
  readonly requests: { method: string; path: string }[] = [];

  constructor(readonly tenant: TeamsTenant) {}

  handles(segments: readonly string[]): boolean {
    return segments[0] === 'users' && segments[2] === 'teamwork' && segments[3] === 'installedApps';
  }

  handle(request: GraphAppsRequest): { status: number; body?: unknown } {
    const { tenant } = this;
    const [, rawUser, , , installation, tail] = request.segments;
    const userId = decodeURIComponent(rawUser ?? '');
    this.requests.push({ method: request.method, path: `/${request.segments.join('/')}` });
    const person = tenant.people.get(userId);
    if (!person) throw new ServiceError(404, 'NotFound', `User '${userId}' was not found.`);

    if (request.method === 'POST' && installation === undefined) {
      const bind = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>)['teamsApp@odata.bind'] : undefined;
      const appId = typeof bind === 'string' ? decodeURIComponent(bind.split('/appCatalogs/teamsApps/')[1] ?? '') : '';
      if (appId === '') throw new ServiceError(400, 'BadRequest', 'teamsApp@odata.bind is required.');
      if (appId !== tenant.catalogAppId) throw new ServiceError(404, 'NotFound', 'The app was not found in the organisation catalog.');
      if (tenant.installRefused.has(userId)) throw new ServiceError(403, 'Forbidden', 'The app may not be installed for this user.');
      if (person.installationId !== null) throw new ServiceError(409, 'Conflict', 'App is already installed for the user.');
      tenant.install(userId);
      tenant.installs.push({ aadObjectId: userId, created: true });
      return { status: 201 };
    }

    if (request.method === 'GET' && installation === undefined) {
      const filter = request.query.get('$filter') ?? '';
      const wanted = /teamsApp\/id eq '([^']*)'/.exec(filter)?.[1];
      const installed = person.installationId !== null && (wanted === undefined || wanted === tenant.catalogAppId);
      return {
        status: 200,
        body: {
          value: installed ? [{ id: person.installationId, teamsApp: { id: tenant.catalogAppId, externalId: 'manifest-id', displayName: 'Action plans', distributionMethod: 'organization' } }] : [],
        },
      };
    }

    if (request.method === 'GET' && installation !== undefined && tail === 'chat') {
      if (person.installationId !== decodeURIComponent(installation) || person.chatId === null) {
        throw new ServiceError(404, 'NotFound', 'The installation was not found.');
      }
      return { status: 200, body: { id: person.chatId, chatType: 'oneOnOne', tenantId: tenant.tenantId } };
    }
    throw new ServiceError(405, 'MethodNotAllowed', `${request.method} on installedApps is not supported by the local Graph server.`);
  }
}
