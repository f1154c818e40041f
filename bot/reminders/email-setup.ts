import { createAppTokenProvider } from '../../src/auth/app-token-provider.js';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import type { MsalClientOptions } from '../../src/auth/msal-client.js';
import { createGraphHttp, type GraphHttp } from '../../src/graph/graph-http.js';
import { realPacingClock, type PacingClock } from '../../src/graph/pacing-clock.js';
import { RespondLinks } from '../../src/server/respond-link.js';
import { graphReminderMailer, MAILS_PER_SECOND } from '../delivery/graph-mail.js';
import { TokenBucket } from '../delivery/teams-rate-limiter.js';
import type { EmailDelivery } from './lead-delivery.js';

export interface EmailDeliveryDeps {
  /** PLAN_REMINDER_MAILBOX; null: no email is sent. */
  mailbox: string | null;
  /** PLAN_RESPOND_SECRET and PLAN_PUBLIC_URL; null: no link can be signed, so no email is sent. */
  respond: { secret: string; publicUrl: string } | null;
  auth: AuthConfig | null;
  graphBaseUrl: string;
  /** Tests: a Graph pipeline to the local Graph server, a fake pacing clock. */
  graph?: GraphHttp;
  pacing?: PacingClock;
  msal?: MsalClientOptions;
}

/**
 * The sweep's email channel, built once for the process: the shared mailbox's sender, paced to
 * Exchange's 30 a minute through one bucket whatever the number of sweeps, and the links' signer.
 * Null when the settings leave email off.
 */
export function createEmailDelivery(deps: EmailDeliveryDeps): EmailDelivery | null {
  const { mailbox, respond, auth } = deps;
  if (mailbox === null || respond === null || (!deps.graph && !auth)) return null;
  let graph = deps.graph;
  if (!graph) {
    const tokens = createAppTokenProvider(auth!, deps.msal);
    graph = createGraphHttp({ getToken: (audience) => tokens.getToken(audience), graphBaseUrl: deps.graphBaseUrl });
  }
  const pace = new TokenBucket(MAILS_PER_SECOND, 1, deps.pacing ?? realPacingClock);
  return { mailer: graphReminderMailer(graph, { mailbox, pace }), links: new RespondLinks(respond.secret, respond.publicUrl) };
}
