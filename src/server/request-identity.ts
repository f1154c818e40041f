import { AsyncLocalStorage } from 'node:async_hooks';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppTokenError } from '../auth/entra-errors.js';
import { ConsentRequiredError, OnBehalfOfError, type OnBehalfOfExchange } from '../auth/on-behalf-of.js';
import { SsoTokenError, type SsoTokenValidator, type SsoUser } from '../auth/sso-token-validator.js';
import { HttpError } from '../graph/http-error.js';
import type { EditStanding } from '../service/owner-standing.js';
import type { PlanStore } from '../store/plan-store.js';

/**
 * Tenant mode: every API request comes from a person signed in to Teams. The tab sends the SSO
 * token Teams gave it (Authorization: Bearer); the token is validated (sso-token-validator.ts),
 * exchanged on behalf of the person (on-behalf-of.ts), and the request is served by a store that
 * calls Graph with the person's own delegated token, so SharePoint's permissions decide what each
 * person may read and change. Anything missing or refused is a JSON error the tab can show: what
 * went wrong and who must do what. Nothing is served unsigned (fail closed).
 */

/** The tab says it has just come back from a consent prompt: the exchange then waits for consent to propagate. */
export const CONSENT_GRANTED_HEADER = 'x-plan-consent-granted';

export interface TenantErrorBody {
  error: {
    code: string;
    message: string;
    /** For consent_required / interaction_required: what the tab asks for with prompt=consent. */
    scopes?: string[];
    permissions?: string[];
    claims?: string;
  };
}

export interface TenantApiOptions {
  validator: SsoTokenValidator;
  exchange: OnBehalfOfExchange;
  /** The person's store: over the lists found once at start, calling Graph with this delegated token. */
  storeFor: (graphToken: string) => PlanStore;
  /** Whether the person may change plans, read from SharePoint as them (edit-permission.ts); unset: unknown. */
  editPermission?: (ssoToken: string, userId: string, planId: string) => Promise<EditStanding>;
}

export interface TenantApi {
  /** Before the API routes: refuses requests without a valid SSO token, then serves them as the person. */
  guard: RequestHandler;
  /** Before the general error handler: SharePoint's refusals of the person's token, as JSON. */
  errors: ErrorRequestHandler;
  /** The API routes' store: the signed-in person's, for the request being served. */
  store: PlanStore;
  /** The signed-in person, from the validated token: their name and Entra object id. */
  identify: (req: Request) => Promise<{ name: string; userId: string | null }>;
  /** Whether the signed-in person may change this plan. */
  editStanding: (req: Request, planId: string) => Promise<EditStanding>;
}

function send(res: Response, status: number, error: TenantErrorBody['error'], headers: Record<string, string> = {}): void {
  res.status(status).set(headers).json({ error } satisfies TenantErrorBody);
}

/**
 * A PlanStore that is whichever store the current request runs with. The API routes take one
 * store when the app is built; AsyncLocalStorage gives each request its own without changing them.
 */
function requestScopedStore(current: () => PlanStore): PlanStore {
  return new Proxy({} as PlanStore, {
    get(_target, property) {
      const store = current();
      const value: unknown = Reflect.get(store, property, store);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
}

export function createTenantApi(options: TenantApiOptions): TenantApi {
  const requests = new AsyncLocalStorage<{ store: PlanStore }>();
  const people = new WeakMap<Request, { user: SsoUser; ssoToken: string }>();

  const guard: RequestHandler = async (req, res, next) => {
    const header = req.get('authorization');
    const bearer = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!bearer) {
      send(
        res,
        401,
        {
          code: 'sign_in_required',
          message: 'This API answers people signed in to Teams: send the token from the Teams JavaScript library (authentication.getAuthToken) as "Authorization: Bearer <token>"',
        },
        { 'WWW-Authenticate': 'Bearer' },
      );
      return;
    }
    const ssoToken = bearer[1] as string;
    let user: SsoUser;
    try {
      user = await options.validator.validate(ssoToken);
    } catch (error) {
      if (!(error instanceof SsoTokenError)) throw error;
      if (error.status === 503) send(res, 503, { code: 'sign_in_unavailable', message: `${error.message}; try again shortly` });
      else send(res, 401, { code: 'invalid_token', message: error.message }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    let graphToken: string;
    try {
      graphToken = await options.exchange.getGraphToken(ssoToken, user, { consentJustGranted: req.get(CONSENT_GRANTED_HEADER) === 'true' });
    } catch (error) {
      if (error instanceof ConsentRequiredError) {
        const challenge = error.toChallenge();
        send(res, 403, { code: challenge.error, message: challenge.message, scopes: challenge.scopes, permissions: challenge.permissions, ...(challenge.claims && { claims: challenge.claims }) });
      } else if (error instanceof OnBehalfOfError && error.reason === 'assertion_rejected') {
        send(res, 401, { code: 'invalid_token', message: error.message }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      } else if (error instanceof AppTokenError) {
        // The server's own registration is wrong: the message names the admin action.
        send(res, 503, { code: 'app_not_authorised', message: error.message });
      } else if (error instanceof OnBehalfOfError) {
        send(res, 502, { code: 'sign_in_failed', message: error.message });
      } else {
        throw error;
      }
      return;
    }
    people.set(req, { user, ssoToken });
    requests.run({ store: options.storeFor(graphToken) }, () => next());
  };

  const errors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    if (!(err instanceof HttpError)) {
      next(err);
      return;
    }
    if (err.status === 403) {
      send(res, 403, {
        code: 'sharepoint_access_denied',
        message:
          'SharePoint refused: you do not have access to the plan site, or to this part of it. Ask the site owner to share the site with you (Read to see the plans, Edit to post updates and change RAG)',
      });
    } else if (err.status === 401) {
      send(res, 502, { code: 'sharepoint_refused_token', message: 'SharePoint did not accept the token exchanged for you; sign in to Teams again, and if it persists tell the administrator' });
    } else if (err.status === 429 || err.status === 503) {
      send(res, 503, { code: 'sharepoint_busy', message: 'SharePoint is throttling requests; try again in a minute' }, err.retryAfterSeconds === null ? {} : { 'Retry-After': String(Math.ceil(err.retryAfterSeconds)) });
    } else {
      next(err);
    }
  };

  const store = requestScopedStore(() => {
    const current = requests.getStore();
    // Fail closed: outside a signed-in request there is no store to use.
    if (!current) throw new Error('the plan API store was used outside a signed-in request');
    return current.store;
  });

  return {
    guard,
    errors,
    store,
    identify: async (req) => {
      const person = people.get(req);
      if (!person) throw new Error('identify: the request was not signed in');
      return { name: person.user.name, userId: person.user.userId };
    },
    editStanding: async (req, planId) => {
      const person = people.get(req);
      if (!person) throw new Error('editStanding: the request was not signed in');
      return options.editPermission ? options.editPermission(person.ssoToken, person.user.userId, planId) : 'unknown';
    },
  };
}
