import { z } from 'zod/mini';
import type { PlanChannel } from '../../../src/plan/channel-digest.js';

/*
 * The channel the tab is in, as the server's planChannelSchema (src/plan/channel-digest.ts) will
 * read it when the plan is linked: ids the same rule accepts, so a tab never offers to link a
 * channel the server would refuse. zod/mini, not the domain's schema: classic zod compiles its
 * parsers with Function(), which the tab's Content-Security-Policy forbids.
 */
const teamsId = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(200),
  z.regex(/^[^\s/?#]+$/, 'a Teams id has no spaces, slashes, question marks or hashes'),
);
const MOST_NAME_CHARACTERS = 256;

/** The channel named by these ids, or null when either is missing or not a Teams id. */
export function planChannelOf(teamId: string | null | undefined, channelId: string | null | undefined, name: string | null | undefined): PlanChannel | null {
  const team = teamsId.safeParse(teamId);
  const channel = teamsId.safeParse(channelId);
  if (!team.success || !channel.success) return null;
  // A name is only for people to read: one the server would refuse is cut rather than losing the channel.
  const shown = (name ?? '').trim().slice(0, MOST_NAME_CHARACTERS).trim();
  return { teamId: team.data, channelId: channel.data, name: shown === '' ? null : shown };
}
