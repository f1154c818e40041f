import type { AdaptiveCard } from '../cards/adaptive-card.js';

/**
 * The body a bot answers an `adaptiveCard/action` invoke with. The HTTP status is 200 whenever the
 * bot handled the invoke; how it went is `statusCode` inside the body, with `type` saying what
 * `value` holds (learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model,
 * "Response format" and "Supported status codes"):
 * - 200 `application/vnd.microsoft.card.adaptive`: a card shown in place of the current one (the
 *   type string Teams uses, as in msteams-docs "Sequential Workflows" and botbuilder's CardFactory;
 *   the Adaptive Cards page spells it vnd.microsoft.adaptive.card);
 * - 200 `application/vnd.microsoft.activity.message`: a message the client shows;
 * - 400 / 500 `application/vnd.microsoft.error`: the request was invalid / an unexpected error, with
 *   an error object `{ code, message }` (botbuilder's ActivityHandler builds the same shape).
 */
export interface CardActionResponse {
  statusCode: number;
  type: string;
  value: unknown;
}

export const CARD_RESPONSE_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';
export const ERROR_RESPONSE_TYPE = 'application/vnd.microsoft.error';

export function cardResponse(card: AdaptiveCard): CardActionResponse {
  return { statusCode: 200, type: CARD_RESPONSE_TYPE, value: card };
}

export function messageResponse(text: string): CardActionResponse {
  return { statusCode: 200, type: MESSAGE_RESPONSE_TYPE, value: text };
}

export type InvokeErrorCode = 'BadRequest' | 'NotSupported' | 'InternalError';

export function errorResponse(statusCode: 400 | 500, code: InvokeErrorCode, message: string): CardActionResponse {
  return { statusCode, type: ERROR_RESPONSE_TYPE, value: { code, message } };
}
