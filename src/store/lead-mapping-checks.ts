import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import { normaliseLeadName } from '../plan/lead.js';
import type { LeadMapping, LeadMappingStatus, LeadTarget } from '../plan/lead-mapping.js';
import { invalidInput } from '../plan/invalid-input.js';

/*
 * Lead mappings as a store accepts them. A mapping is only useful if the sender can trust it, so
 * the shape rules of lead-mapping.ts are enforced where mappings are written: a confirmed or
 * suggested mapping names its target, an ambiguous or unmatched one does not, and a user or group
 * is known by its object id.
 */

const STATUSES = ['confirmed', 'suggested', 'ambiguous', 'unmatched'] as const satisfies readonly LeadMappingStatus[];

/** More candidates than this are not an owner's choice any more: search again with more of the name. */
export const MAX_CANDIDATES = 25;

const nullableText = z.string().nullable();

export const leadTargetSchema = z
  .object({
    kind: z.enum(['user', 'group', 'contact']),
    id: z.string().trim().min(1).nullable(),
    displayName: z.string().trim().min(1),
    mail: nullableText,
    userPrincipalName: nullableText.optional(),
    jobTitle: nullableText.optional(),
  })
  .refine((t) => t.kind === 'contact' || t.id !== null, { message: 'a user or group needs its object id', path: ['id'] })
  .refine((t) => t.id !== null || t.mail !== null, { message: 'a contact needs an object id or a mail address', path: ['mail'] }) satisfies z.ZodType<LeadTarget>;

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
