import { AppTokenError } from '../auth/entra-errors.js';
import { HttpError } from '../graph/http-error.js';
import { PlanError } from '../plan/errors.js';
import { TransferFailedError } from '../store/sharepoint/plan-transfer.js';

/** What to do about a refusal from Graph or SharePoint, when there is something the operator can do. */
function adviceFor(error: HttpError): string | null {
  if (error.status === 0) return 'check GRAPH_BASE_URL and the network';
  if (error.status === 401 && error.request.url.includes('/_api/')) {
    return 'SharePoint REST accepts app-only tokens got with a certificate, not a client secret ("Unsupported app only token"): set GRAPH_CERTIFICATE_PATH (docs/permissions.md)';
  }
  if (error.status === 401) return "Graph did not accept the app's token: check GRAPH_TENANT_ID and GRAPH_CLIENT_ID, and that GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST name the same cloud";
  if (error.status === 403) {
    return 'SharePoint refused the app: grant the app Sites.Selected on this site with the "write" role ("manage" while provisioning); docs/permissions.md shows the Graph call';
  }
  if (error.status === 429 || error.status === 503) return 'SharePoint kept throttling: try again later, or lower SHAREPOINT_RESOURCE_UNITS_PER_MINUTE';
  return null;
}

/**
 * A failure met while talking to SharePoint, in words that say what to do: which permission,
 * which setting. Errors the command line already explains (PlanError, configuration) pass through;
 * a failed transfer keeps its report (rolled back or not) and gains the advice for its cause.
 */
export function explainSharePointFailure(error: unknown): unknown {
  if (error instanceof TransferFailedError) {
    const advice = error.cause instanceof HttpError ? adviceFor(error.cause) : null;
    return advice ? new PlanError(error.code, `${error.message}. ${advice[0]?.toUpperCase()}${advice.slice(1)}`, { cause: error }) : error;
  }
  if (error instanceof PlanError) return error;
  if (error instanceof AppTokenError) return new PlanError('store_failure', `could not get a token for SharePoint: ${error.message}`, { cause: error });
  if (!(error instanceof HttpError)) return error;
  const where = `${error.request.method} ${error.request.url}`;
  const advice = adviceFor(error);
  if (error.status === 0) return new PlanError('store_failure', `could not reach ${where}: ${advice} (${error.message})`, { cause: error });
  if (advice === null) return new PlanError('store_failure', error.message, { cause: error });
  const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  return new PlanError('store_failure', `${where} was refused (${error.status} ${error.code})${tries}. ${advice[0]?.toUpperCase()}${advice.slice(1)}`, { cause: error });
}
