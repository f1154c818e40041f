import { AppTokenError } from '../auth/entra-errors.js';
import { HttpError } from '../graph/http-error.js';
import { PlanError } from '../plan/errors.js';

/**
 * A failure met while talking to SharePoint, in words that say what to do: which permission,
 * which setting. Errors the command line already explains (PlanError, configuration) pass through.
 */
export function explainSharePointFailure(error: unknown): unknown {
  if (error instanceof PlanError) return error;
  if (error instanceof AppTokenError) return new PlanError('store_failure', `could not get a token for SharePoint: ${error.message}`, { cause: error });
  if (!(error instanceof HttpError)) return error;
  const where = `${error.request.method} ${error.request.url}`;
  if (error.status === 0) {
    return new PlanError('store_failure', `could not reach ${where}: check GRAPH_BASE_URL and the network (${error.message})`, { cause: error });
  }
  if (error.status === 401) {
    return new PlanError(
      'store_failure',
      `Graph did not accept the app's token (401 ${error.code}) for ${where}: check GRAPH_TENANT_ID and GRAPH_CLIENT_ID, and that GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST name the same cloud`,
      { cause: error },
    );
  }
  if (error.status === 403) {
    return new PlanError(
      'store_failure',
      `SharePoint refused the app (403 ${error.code}) for ${where}: grant the app Sites.Selected on this site with the "write" role (creating lists may need "manage"); docs/sharepoint.md shows the Graph call`,
      { cause: error },
    );
  }
  if (error.status === 429 || error.status === 503) {
    return new PlanError(
      'store_failure',
      `SharePoint was still throttling after ${error.attempts} attempts (${error.status} ${error.code}) for ${where}: try again later, or lower SHAREPOINT_RESOURCE_UNITS_PER_MINUTE`,
      { cause: error },
    );
  }
  return new PlanError('store_failure', error.message, { cause: error });
}
