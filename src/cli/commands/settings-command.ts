import { PlanError } from '../../plan/errors.js';
import { LEAD_NOTICES, type LeadNotice } from '../../plan/plan.js';
import type { PlanHeaderChange, PlansAndActions } from '../../store/plans-and-actions.js';
import { resolvePlan } from '../resolve-plan.js';

export interface SettingsOptions {
  plan?: string;
  owner?: string;
  ownerApproves?: string;
  leadNotice?: string;
  json?: boolean;
}

function yesNo(value: string): boolean {
  if (/^(yes|on|true)$/i.test(value)) return true;
  if (/^(no|off|false)$/i.test(value)) return false;
  throw new PlanError('invalid_input', `--owner-approves takes yes or no, not "${value}"`);
}

function leadNotice(value: string): LeadNotice {
  const found = LEAD_NOTICES.find((n) => n === value.trim().toLowerCase());
  if (!found) throw new PlanError('invalid_input', `--lead-notice takes ${LEAD_NOTICES.join(' or ')}, not "${value}"`);
  return found;
}

const LEAD_NOTICE_WORDS: Record<LeadNotice, string> = {
  card: 'a card in their chat with the bot',
  'activity-feed': "Teams' activity feed; a card only when the feed cannot reach them",
};

/** The plan's owner, whether the owner approves closures and new timescales, and how leads are told; shown, or changed when given. */
export async function settingsCommand(store: PlansAndActions, options: SettingsOptions): Promise<string> {
  let plan = await resolvePlan(store, options.plan);
  const change: PlanHeaderChange = {};
  if (options.owner !== undefined) change.owner = options.owner.trim() === '' ? null : options.owner.trim();
  if (options.ownerApproves !== undefined) change.ownerApproves = yesNo(options.ownerApproves);
  if (options.leadNotice !== undefined) change.leadNotice = leadNotice(options.leadNotice);
  if (Object.keys(change).length > 0) plan = await store.updatePlanSettings(plan.id, change);
  const settings = { owner: plan.owner, ownerApproves: plan.ownerApproves, leadNotice: plan.leadNotice, reminderLeadDays: plan.reminderLeadDays, staleAfterDays: plan.staleAfterDays, timeZone: plan.timeZone };
  if (options.json) return JSON.stringify(settings, null, 2);
  return [
    `${plan.title} (${plan.id})`,
    `  Owner:                 ${plan.owner ?? '(none: set one with --owner NAME)'}`,
    `  Owner approves:        ${plan.ownerApproves ? 'yes: leads propose completion and ask for new timescales; the owner decides' : 'no: anyone who may edit closes actions and moves timescales'}`,
    `  Leads are told by:     ${LEAD_NOTICE_WORDS[plan.leadNotice]}`,
    `  Reminder lead days:    ${plan.reminderLeadDays}`,
    `  Quiet after days:      ${plan.staleAfterDays}`,
    `  Time zone:             ${plan.timeZone}`,
  ].join('\n');
}
