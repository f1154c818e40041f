import { createHash } from 'node:crypto';

/**
 * The key a history entry written by a revision is stored under: the same change or update of the
 * same action always gets the same key, so bringing a document in twice, or again after a failure,
 * records it once. Both stores use it, so an entry is the same entry wherever the plan lives.
 */
export function revisionKey(actionId: string, ...content: string[]): string {
  return `revision:${actionId}:${createHash('sha256').update(content.join('\u0000')).digest('base64url').slice(0, 22)}`;
}
