import { randomUUID } from 'node:crypto';

/**
 * An error the local Graph server answers with, in Graph's format (learn.microsoft.com/graph/errors):
 * { error: { code, message, innerError: { date, request-id, client-request-id } } }.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorBody(code: string, message: string): unknown {
  const id = randomUUID();
  return {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': id, 'client-request-id': id },
    },
  };
}

/**
 * SharePoint REST (odata=verbose) error body, as the Lists and list items REST API reference shows
 * for the _api endpoints: { error: { code: "-2147024809, System.ArgumentException", message: { lang, value } } }.
 */
export function sharePointErrorBody(code: string, message: string): unknown {
  return { error: { code, message: { lang: 'en-US', value: message } } };
}
