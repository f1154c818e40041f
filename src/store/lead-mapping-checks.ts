import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import { normaliseLeadName } from '../plan/lead.js';
import { LEAD_TARGET_KINDS, type LeadMapping, type LeadMappingStatus, type LeadTarget } from '../plan/lead-mapping.js';
import { invalidInput } from '../plan/invalid-input.js';

/*
 * Lead mappings as a store accepts them. A mapping is only useful if the sender can trust it, so
 * the shape rules of lead-mapping.ts are enforced where mappings are written: a confirmed or
 * suggested mapping names its target, an ambiguous or unmatched one does not, a user or group
 * is known by its object id, and an email address (a lead with no account) is an address and
 * nothing else: it must never be mistaken for a directory object the bot could message.
 */

const STATUSES = ['confirmed', 'suggested', 'ambiguous', 'unmatched'] as const satisfies readonly LeadMappingStatus[];

/** More candidates than this are not an owner's choice any more: search again with more of the name. */
export const MAX_CANDIDATES = 25;

const nullableText = z.string().nullable();

/**
 * One plain address (local@domain.tld), no display name, no spaces or angle brackets: the reminder
 * goes to exactly this mailbox, so anything a mail system would read as more than one (a comma, a
 * "Name <addr>") is refused rather than interpreted.
 */
export function isMailAddress(value: string): boolean {
  return value.length <= 254 && z.email().safeParse(value).success;
}

export const leadTargetSchema = z
  .object({
    kind: z.enum(LEAD_TARGET_KINDS),
    id: z.string().trim().min(1).nullable(),
    displayName: z.string().trim().min(1),
    mail: nullableText,
    userPrincipalName: nullableText.optional(),
    jobTitle: nullableText.optional(),
  })
  .refine((t) => t.kind === 'contact' || t.kind === 'email' || t.id !== null, { message: 'a user or group needs its object id', path: ['id'] })
  .refine((t) => t.id !== null || t.mail !== null, { message: 'a contact needs an object id or a mail address', path: ['mail'] })
  .refine((t) => t.kind !== 'email' || t.id === null, { message: 'an email address has no object id (a person in the directory, a guest too, is a user)', path: ['id'] })
  .refine((t) => t.kind !== 'email' || (t.mail !== null && isMailAddress(t.mail)), { message: 'an email address must be one, such as jane.price@nhs.example', path: ['mail'] }) satisfies z.ZodType<LeadTarget>;

export const leadMappingSchema = z
  .object({
    lead: z.string().min(1).refine((key) => key === normaliseLeadName(key), 'must be the lead key, normaliseLeadName(name)'),
    writtenAs: z.string().trim().min(1),
    status: z.enum(STATUSES),
    target: leadTargetSchema.nullable(),
    candidates: z.array(leadTargetSchema).max(MAX_CANDIDATES),
    updatedAt: z.iso.datetime({ offset: true }),
    confirmedBy: nullableText,
  })
  .refine((m) => (m.status === 'confirmed' || m.status === 'suggested') === (m.target !== null), {
    message: 'is set exactly when the status is confirmed or suggested',
    path: ['target'],
  })
  .refine((m) => m.status === 'confirmed' || m.confirmedBy === null, { message: 'is only set on a confirmed mapping', path: ['confirmedBy'] }) satisfies z.ZodType<LeadMapping>;

/** Refuses mappings a store must not keep, naming the lead and the field, before anything is written. */
export function checkLeadMappings(mappings: readonly LeadMapping[]): void {
  const seen = new Set<string>();
  mappings.forEach((mapping, index) => {
    const parsed = leadMappingSchema.safeParse(mapping);
    const which = typeof mapping?.lead === 'string' && mapping.lead !== '' ? `lead "${mapping.lead}"` : `lead mapping [${index}]`;
    if (!parsed.success) throw invalidInput(parsed.error, which);
    if (seen.has(mapping.lead)) throw new PlanError('invalid_input', `${which} is given twice in one save`);
    seen.add(mapping.lead);
  });
}
