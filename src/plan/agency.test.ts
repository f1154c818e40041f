import { describe, expect, it } from 'vitest';
import { agenciesOfLeads, agencyOfLead, readAgency } from './agency.js';

const lead = (name: string, role: string | null = null) => ({ name, role });

describe('the agency a lead belongs to', () => {
  it.each([
    ['DCI Wenham', null, 'Police'],
    ['Natalie Oakley', 'police comms', 'Police'],
    ['Gloucestershire Constabulary', null, 'Police'],
    ['Designated Nurse', null, 'Health'],
    ['Acme NHS Trust', null, 'Health'],
    ['CCG Safeguarding Lead', null, 'Health'],
    ['School Nurse Service', null, 'Health'],
    ['Missing Children Coordinator', 'CSC', "Children's Social Care"],
    ['Head of Early Help', null, "Children's Social Care"],
    ['Headteachers', null, 'Education'],
    ['Virtual School Head', null, 'Education'],
    ['Licensing', 'County Council', 'Local Authority'],
    ["Barnardo's", null, 'Voluntary sector'],
    ['National Probation Service', null, 'Probation'],
    ['Youth Offending Service', null, 'Youth Offending'],
    ["LSCB's", null, 'Safeguarding partnership'],
    ['Pan Cheshire Group', 'PCSG', 'Safeguarding partnership'],
    ['Louise West', null, 'Other'],
  ] as const)('%s (%s) is %s', (name, role, agency) => {
    expect(agencyOfLead(lead(name, role))).toBe(agency);
  });

  it('an action led by several agencies belongs to each, once', () => {
    expect(agenciesOfLeads([lead('DCI Wenham'), lead('DS Rahman'), lead('Designated Nurse')])).toEqual(['Police', 'Health']);
  });

  it('reads an agency as people type it, or null when it names none', () => {
    expect(readAgency('police')).toBe('Police');
    expect(readAgency('childrens social care')).toBe("Children's Social Care");
    expect(readAgency('CSC')).toBe("Children's Social Care");
    expect(readAgency('nhs')).toBe('Health');
    expect(readAgency('other')).toBe('Other');
    expect(readAgency('Martians')).toBeNull();
  });
});
