/**
 * Who a lead written in the plan is in Entra ID. Names are matched, never guessed: a mapping is only
 * used (for reminders, for Person columns) once the plan owner has confirmed it.
 */
export type LeadMappingStatus = 'confirmed' | 'suggested' | 'ambiguous' | 'unmatched';

export const LEAD_TARGET_KINDS = ['user', 'group', 'contact', 'email'] as const;
export type LeadTargetKind = (typeof LEAD_TARGET_KINDS)[number];

export interface LeadTarget {
  /**
   * A person; a group (Microsoft 365 or security group); a named contact who answers for a group;
   * or an email address the plan owner recorded for a lead with no account in the tenant (not even
   * as a guest), who is reminded by email with a one-time link instead of a card.
   */
  kind: LeadTargetKind;
  /** Entra ID object id of the user or group (a contact is a user too); null for a contact known only by mail, and always for an email address. */
  id: string | null;
  displayName: string;
  mail: string | null;
  /** The sign-in name, which an owner may type instead of the mail address. */
  userPrincipalName?: string | null;
  /** What the directory says the person does ("Detective Chief Inspector"), to tell two of a name apart. */
  jobTitle?: string | null;
}

export interface LeadMapping {
  /** The lead's key: normaliseLeadName(lead.name), so "Jane  Price" and "jane price" are one lead. */
  lead: string;
  /** The lead as the plan writes it, for people to read. */
  writtenAs: string;
  status: LeadMappingStatus;
  /** The chosen person or group: set when confirmed or suggested, null otherwise. */
  target: LeadTarget | null;
  /** Who the directory offered, so an owner can pick one of an ambiguous match. */
  candidates: LeadTarget[];
  /** ISO instant of the last change; confirmedBy names who confirmed it. */
  updatedAt: string;
  confirmedBy: string | null;
}
