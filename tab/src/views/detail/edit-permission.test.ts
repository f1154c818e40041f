import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../../src/plan/lead.js';
import { localHost } from '../../host/local-host.js';
import { teamsHost } from '../../host/teams-host.js';
import { fakeTeams, teamsContext } from '../../test/fake-teams.js';
import { canEdit } from './edit-permission.js';

const signedInAs = (displayName: string, upn: string) => {
  const context = { ...teamsContext('content'), user: { id: 'u', displayName, userPrincipalName: upn } };
  return teamsHost(fakeTeams(context), context);
};

const leads = (...list: Lead[]) => ({ leads: list });
const person = (name: string, role: string | null = null): Lead => ({ name, kind: 'person', role });
const group = (name: string, role: string | null = null): Lead => ({ name, kind: 'group', role });

describe('who may record updates from the tab', () => {
  it('is everyone in local mode, where nobody signs in', () => {
    expect(canEdit(localHost({ search: '' }), { owner: null }, leads())).toBe(true);
  });

  it('is the action’s lead in Teams, whatever the case of the name', () => {
    const louise = signedInAs('Louise West', 'louise.west@example.org');
    expect(canEdit(louise, { owner: null }, leads(person('Jane Bee'), person('louise west')))).toBe(true);
    expect(canEdit(louise, { owner: null }, leads(person('Jane Bee')))).toBe(false);
  });

  it('is the person a group lead names in brackets', () => {
    const nigel = signedInAs('Nigel Reid', 'nigel.reid@example.org');
    expect(canEdit(nigel, { owner: null }, leads(group('CP Training and Development', 'Nigel Reid')))).toBe(true);
  });

  it('is the plan owner, by name or sign-in address, for every action', () => {
    expect(canEdit(signedInAs('Dawn Porter', 'dawn.porter@example.org'), { owner: 'Dawn Porter' }, leads(person('Jane Bee')))).toBe(true);
    expect(canEdit(signedInAs('D Porter', 'dawn.porter@example.org'), { owner: 'dawn.porter@example.org' }, leads())).toBe(true);
  });
});
