import { createHash } from 'node:crypto';
import { dateIn, type Clock } from '../../src/config/today.js';
import { PlanError } from '../../src/plan/errors.js';
import { completeAction } from '../../src/service/completion-requests.js';
import { ownerStanding } from '../../src/service/owner-standing.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { ChatMessage } from './chat-message.js';
import * as say from './chat-replies.js';
import { actionsWithRef } from './lead-actions.js';
import type { Person } from './lead-check.js';

export interface ChatCompletionDeps {
  store: PlanStore;
  clock: Clock;
  /** Counts and codes only: never what anyone wrote. */
  log?: (event: string, fields: Record<string, string | number | boolean>) => void;
}

/**
 * "complete 1.4: what difference it made": a lead closes an action from chat, with its impact
 * evidence; where the plan has its owner approve and the lead is not the owner, it is proposed to
 * the owner instead. The same rules as the tab and the card (completion-requests.ts).
 */
export async function handleChatCompletion(deps: ChatCompletionDeps, person: Person, message: Extract<ChatMessage, { kind: 'complete' }>, activityKey: string): Promise<string> {
  const matches = await actionsWithRef(deps.store, person, message.ref);
  const led = matches.filter((m) => m.isLead);
  if (matches.length === 0) return say.unknownRefOnly(message.ref);
  if (led.length === 0) return say.notALead(message.ref, matches.map((m) => m.plan));
  if (led.length > 1) return say.completeWhichPlan(message.ref, led);
  if (message.evidence === '') return say.askForEvidence(message.ref);
  const { plan, action } = led[0]!;
  const key = `chat|${createHash('sha256').update(activityKey).digest('base64url').slice(0, 22)}#complete`;
  // Teams redelivers a message with the same activity: what it did is said again, not done again.
  const done = action.history.find((h) => h.key === key);
  if (done) return done.kind === 'completion-proposed' ? say.completionProposed(action, plan) : say.completed(action, plan);
  const now = deps.clock();
  const standing = await ownerStanding(deps.store, plan, { name: person.name, userId: person.id === '' ? null : person.id });
  try {
    const result = await completeAction(deps.store, action, action.version, message.evidence, {
      by: { author: person.name, authorId: person.id === '' ? null : person.id, origin: 'chat' },
      isOwner: standing.isOwner,
      ownerApproves: standing.ownerApproves,
      key,
      now,
      today: dateIn(plan.timeZone, now),
    });
    deps.log?.('chat.complete', { outcome: result.outcome });
    return result.outcome === 'changed' ? say.completed(action, plan) : say.completionProposed(action, plan);
  } catch (error) {
    if (error instanceof PlanError && (error.code === 'invalid_input' || error.code === 'version_conflict')) return say.notRecorded(error.message);
    throw error;
  }
}
