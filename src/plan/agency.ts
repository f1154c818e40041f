import type { Lead } from './lead.js';

/**
 * The agencies a multi-agency plan's leads belong to, as boards and their annual reports group
 * them. "Safeguarding partnership" is the board itself and its subgroups (LSCB, PCSG), which lead
 * many actions of their own; a lead nothing places is "Other", never guessed.
 */
export const AGENCIES = [
  'Police',
  'Health',
  "Children's Social Care",
  'Education',
  'Local Authority',
  'Voluntary sector',
  'Probation',
  'Youth Offending',
  'Safeguarding partnership',
  'Other',
] as const;
export type Agency = (typeof AGENCIES)[number];

/*
 * Read from the words of a lead's name and role. Earlier entries win where words overlap: a
 * "Youth Offending Service" is Youth Offending though "service" is the council's word too, and a
 * "School Nurse" is Health (the nurse is employed by the NHS), not Education.
 */
const SIGNS: readonly { agency: Exclude<Agency, 'Other'>; pattern: RegExp }[] = [
  { agency: 'Youth Offending', pattern: /\b(yot|yos|yjs|youth (offending|justice)|youth offender)\b/i },
  { agency: 'Probation', pattern: /\b(probation|crc|nps|community rehabilitation)\b/i },
  {
    agency: 'Police',
    pattern: /\b(police|constabulary|dci|di|ds|dc|dsupt|supt|pcso|insp|inspector|sergeant|sgt|acc|dcc|chief constable|sppu|pvp|mash police|cid)\b/i,
  },
  {
    agency: 'Health',
    pattern: /\b(nhs|health|ccg|icb|ics|hospital|nurse|nurses|nursing|gp|gps|doctor|dr|paediatric\w*|camhs|midwi\w+|health visit\w*|public health|clinical|ambulance|sexual health|a&e)\b/i,
  },
  {
    agency: "Children's Social Care",
    pattern: /\b(csc|children'?s social care|social care|social work\w*|children'?s services|early help|mash|looked after|lac|fostering|adoption|missing children|edge of care|family support)\b/i,
  },
  { agency: 'Education', pattern: /\b(schools?|education|academy|academies|college|colleges|headteachers?|dsl|teachers?|university|virtual school|pupils?)\b/i },
  { agency: 'Voluntary sector', pattern: /\b(voluntary|vcs|vcse|charity|charities|barnardo'?s|nspcc|children'?s society|third sector|community sector)\b/i },
  {
    agency: 'Safeguarding partnership',
    pattern: /\b(lscb'?s?|lsab'?s?|scp|safeguarding (children )?(board|partnership)s?|sub ?-?groups?|steering group|pcsg|pscg|board manager|business unit)\b/i,
  },
  { agency: 'Local Authority', pattern: /\b(council|local authority|borough|county|cllr|councillor|licensing|housing|trading standards|community safety|district)\b/i },
];

/** The agency a lead belongs to, from its name and role; "Other" when none says. */
export function agencyOfLead(lead: Pick<Lead, 'name' | 'role'>): Agency {
  const words = `${lead.name} ${lead.role ?? ''}`;
  return SIGNS.find((s) => s.pattern.test(words))?.agency ?? 'Other';
}

/** Every agency an action's leads belong to, once each, in the order the leads name them. */
export function agenciesOfLeads(leads: readonly Pick<Lead, 'name' | 'role'>[]): Agency[] {
  return [...new Set(leads.map(agencyOfLead))];
}

/** An agency as a person or a query names it, without regard to case or apostrophes: "csc", "health", "childrens social care". */
export function readAgency(text: string): Agency | null {
  const folded = fold(text);
  if (folded === '') return null;
  return AGENCIES.find((a) => fold(a) === folded) ?? SIGNS.find((s) => s.pattern.test(text.trim()))?.agency ?? null;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/['’]/g, '').replace(/\s+/g, ' ').trim();
}
