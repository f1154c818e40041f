import { createHash } from 'node:crypto';

/**
 * A stable Teams app id for a registration, so packaging twice gives the same app and an upload
 * updates it rather than adding a second one. Name-based UUID (RFC 9562 version 5).
 */
export function teamsAppIdFor(clientId: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex'); // the URL namespace
  const hash = createHash('sha1').update(namespace).update(`plan-teams-app:${clientId.toLowerCase()}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
