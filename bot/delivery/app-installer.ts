import { z } from 'zod';
import type { GraphHttp } from '../../src/graph/graph-http.js';
import { HttpError } from '../../src/graph/http-error.js';
import type { TokenBucket } from './teams-rate-limiter.js';

/**
 * Installing the app for a person who never opened the bot, so it can message them, and finding
 * the chat it then has with them ("Send proactive installation messages",
 * learn.microsoft.com/microsoftteams/platform/graph-api/proactive-bots-and-messages/graph-proactive-bots-and-messages):
 *
 * 1. POST /users/{id}/teamwork/installedApps with teamsApp@odata.bind to the app in the catalogue
 *    ("Install app for user", graph/api/userteamwork-post-installedapps): 201 Created, no body.
 *    409 Conflict means it is installed already, and the chat is fetched as for a new install
 *    (Company Communicator does the same: TeamsConversationActivity.InstallAppAndGetConversationId).
 * 2. GET /users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '{teamsAppId}'
 *    for the installation's id.
 * 3. GET /users/{id}/teamwork/installedApps/{installationId}/chat ("Get chat between user and
 *    app", graph/api/userscopeteamsappinstallation-get-chat): its id is the conversation id.
 *
 * Needs the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, and the app in
 * the organisation's catalogue: Graph installs only apps published there or in the Teams Store.
 * The catalogue id is not the manifest id (appCatalogs/teamsApps?$filter=externalId eq '{manifest id}').
 */
export interface AppInstaller {
  /** Installs (or finds installed) the app for the user and returns the chat the bot has with them. */
  installFor(userId: string): Promise<{ chatId: string; installedNow: boolean }>;
}

export class InstallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}

const installationsSchema = z.object({ value: z.array(z.object({ id: z.string().min(1) }).loose()) }).loose();
const chatSchema = z.object({ id: z.string().min(1) }).loose();

function explain(error: HttpError, step: string): InstallError {
  const why =
    error.status === 403
      ? 'the app lacks the application permission TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent)'
      : error.status === 404 && step === 'install'
        ? 'the user, or the app in the organisation catalogue (PLAN_TEAMS_CATALOG_APP_ID), was not found'
        : `HTTP ${error.status} ${error.code}`;
  return new InstallError(error.status, error.code, `${step}: ${why}`);
}

export function graphAppInstaller(http: GraphHttp, teamsAppId: string, pace?: TokenBucket): AppInstaller {
  const appBind = `${http.graphBaseUrl}/appCatalogs/teamsApps/${encodeURIComponent(teamsAppId)}`;
  const call = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    await pace?.acquire();
    try {
      return await run();
    } catch (error) {
      if (error instanceof HttpError) throw explain(error, step);
      throw error;
    }
  };

  return {
    async installFor(userId) {
      const user = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
      let installedNow = true;
      await call('install', async () => {
        try {
          await http.send({ method: 'POST', url: user, body: { 'teamsApp@odata.bind': appBind }, resourceUnits: 0 });
        } catch (error) {
          if (!(error instanceof HttpError && error.status === 409)) throw error;
          installedNow = false;
        }
      });
      const filter = encodeURIComponent(`teamsApp/id eq '${teamsAppId.replace(/'/g, "''")}'`);
      const listed = await call('find installation', () => http.send({ method: 'GET', url: `${user}?$expand=teamsApp&$filter=${filter}`, resourceUnits: 0 }));
      const installations = installationsSchema.safeParse(listed.body);
      const installation = installations.success ? installations.data.value[0] : undefined;
      if (!installation) throw new InstallError(404, 'installationNotFound', 'find installation: Graph lists no installation of the app for the user after installing it');
      const chat = await call('get chat', () => http.send({ method: 'GET', url: `${user}/${encodeURIComponent(installation.id)}/chat`, resourceUnits: 0 }));
      const parsed = chatSchema.safeParse(chat.body);
      if (!parsed.success) throw new InstallError(502, 'invalidResponse', 'get chat: Graph answered without a chat id');
      return { chatId: parsed.data.id, installedNow };
    },
  };
}
