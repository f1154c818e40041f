import { describe, expect, it } from 'vitest';
import { parseLeads } from '../plan/lead.js';
import type { LeadMapping, LeadTarget } from '../plan/lead-mapping.js';
import { leadRecipients, reminderRecipients } from './lead-recipients.js';

const at = '2018-01-05T09:00:00.000Z';
const WENHAM: LeadTarget = { kind: 'user', id: '0b5e0015-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Nigel Wenham', mail: 'nigel.wenham@cheshire-police.example' };
const REID: LeadTarget = { kind: 'contact', id: '0b5e0016-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Nigel Reid', mail: 'nigel.reid@cheshire-police.example' };
const PCSG: LeadTarget = { kind: 'group', id: '0b5e0018-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Pan Cheshire Strategic Group', mail: 'pcsg@cheshire.example' };

function confirmed(lead: string, writtenAs: string, target: LeadTarget): LeadMapping {
  return { lead, writtenAs, status: 'confirmed', target, candidates: [target], updatedAt: at, confirmedBy: 'Plan owner' };
}

const mappings: LeadMapping[] = [
  confirmed('dci wenham', 'DCI Wenham', WENHAM),
  confirmed('lscb training managers', 'LSCB training Managers', REID),
  confirmed('pan cheshire group', 'Pan Cheshire Group', PCSG),
  confirmed("lscb's", "LSCB's", { kind: 'contact', id: null, displayName: 'Board business unit', mail: 'lscb@halton.example' }),
  { lead: 'nigel wenham', writtenAs: 'Nigel Wenham', status: 'suggested', target: WENHAM, candidates: [WENHAM], updatedAt: at, confirmedBy: null },
  { lead: 'pscg', writtenAs: 'PSCG', status: 'unmatched', target: null, candidates: [], updatedAt: at, confirmedBy: null },
  confirmed('annette blackstock', 'Annette Blackstock', { kind: 'email', id: null, displayName: 'Annette Blackstock', mail: 'annette.blackstock@nhs.example' }),
];

describe('whom a reminder for a lead goes to', () => {
  it('sends to the confirmed person: "DCI Wenham" is Nigel Wenham', () => {
    expect(leadRecipients(mappings, parseLeads('DCI Wenham')[0]!)).toEqual({ kind: 'users', lead: 'dci wenham', userIds: [WENHAM.id], displayName: 'Nigel Wenham' });
  });

  it('sends a group’s reminder to the named contact who answers for it', () => {
    const lead = parseLeads('CP Training and Development (Nigel Reid)\nLSCB training Managers')[1]!;
    expect(leadRecipients(mappings, lead)).toMatchObject({ kind: 'users', userIds: [REID.id], displayName: 'Nigel Reid' });
  });

  it('hands a group mapped to an Entra group back as a group, for the sender to expand or list as unreachable', () => {
    expect(leadRecipients(mappings, parseLeads('Pan Cheshire Group (PCSG)')[0]!)).toEqual({ kind: 'group', lead: 'pan cheshire group', groupId: PCSG.id, displayName: 'Pan Cheshire Strategic Group' });
  });

  it('reaches nobody through a suggestion the owner has not confirmed', () => {
    expect(leadRecipients(mappings, 'Nigel Wenham')).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/not confirmed/) });
  });

  it('reaches nobody for an unmatched or never matched lead, saying which', () => {
    expect(leadRecipients(mappings, 'PSCG')).toMatchObject({ kind: 'unreachable', reason: 'matched to nobody' });
    expect(leadRecipients(mappings, 'Izzy Dougan')).toMatchObject({ kind: 'unreachable', lead: 'izzy dougan', reason: expect.stringMatching(/not matched/) });
  });

  it('reaches nobody through a contact known only by mail: the bot messages directory users', () => {
    expect(leadRecipients(mappings, "LSCB's")).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/lscb@halton\.example.*only by mail/) });
  });

  it('sends reminders to the email address the owner recorded for a lead with no account in the tenant', () => {
    expect(reminderRecipients(mappings, 'Annette Blackstock')).toEqual({ kind: 'email', lead: 'annette blackstock', address: 'annette.blackstock@nhs.example', displayName: 'Annette Blackstock' });
    expect(reminderRecipients(mappings, 'DCI Wenham')).toEqual(leadRecipients(mappings, 'DCI Wenham'));
  });

  it('messages nobody in Teams through an email address: only reminders go there, by email', () => {
    expect(leadRecipients(mappings, 'Annette Blackstock')).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/no account in the tenant/) });
  });

  it('finds the lead whatever its spacing or case', () => {
    expect(leadRecipients(mappings, '  dci   WENHAM ')).toMatchObject({ kind: 'users', userIds: [WENHAM.id] });
  });
});
