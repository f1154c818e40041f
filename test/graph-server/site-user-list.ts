import type { TestDirectory } from './directory.js';
import { ServiceError } from './service-error.js';

/**
 * A site's User Information List, as SP.Web.ensureUser fills it
 * (learn.microsoft.com/previous-versions/office/sharepoint-visio/jj245233): a claim resolved in
 * the directory gets a site-scoped integer id on first use and the same id ever after; Person
 * columns hold those ids. Claims: "i:0#.f|membership|<upn or mail>" for a user,
 * "c:0o.c|federateddirectoryclaimprovider|<id>" for a Microsoft 365 (mail-enabled) group,
 * "c:0t.c|tenant|<id>" for a security group.
 */
export interface SiteUser {
  Id: number;
  LoginName: string;
  Title: string;
  Email: string;
  /** SP.Utilities.PrincipalType: 1 user, 4 security group. */
  PrincipalType: 1 | 4;
}

/**
 * SharePoint's own accounts in every site's User Information List: what Created By and Modified By
 * show for an app-only write ("SharePoint App", seen in Graph's createdBy/lastModifiedBy of items an
 * app wrote, beside the application itself) and for the system ("System Account").
 */
export const SHAREPOINT_APP_USER_ID = 1073741822;
export const SYSTEM_ACCOUNT_USER_ID = 1073741823;
const BUILT_IN_USERS: readonly SiteUser[] = [
  { Id: SHAREPOINT_APP_USER_ID, LoginName: 'i:0i.t|00000003-0000-0ff1-ce00-000000000000|app@sharepoint', Title: 'SharePoint App', Email: '', PrincipalType: 1 },
  { Id: SYSTEM_ACCOUNT_USER_ID, LoginName: 'SHAREPOINT\\system', Title: 'System Account', Email: '', PrincipalType: 1 },
];

/** A person editing the site in SharePoint itself: their Entra object id, name and (optionally) mail. */
export interface SharePointPerson {
  id: string;
  displayName: string;
  email?: string;
}

export class SiteUserList {
  private readonly byLogin = new Map<string, SiteUser>();
  private readonly byId = new Map<number, SiteUser>();
  /** Ids below are the site's own accounts (system, owners' group and the like). */
  private nextId = 7;
  /** ensureUser calls answered, for tests that count them. */
  ensured = 0;

  constructor(private readonly directory: TestDirectory) {}

  /** Refuse every ensureUser, as for an app without the right on the site. */
  denied = false;

  ensure(logonName: string): SiteUser {
    this.ensured += 1;
    if (this.denied) throw new ServiceError(403, 'accessDenied', 'Access denied. You do not have permission to perform this action or access this resource.');
    const key = logonName.toLowerCase();
    const known = this.byLogin.get(key);
    if (known) return known;
    const found = this.resolve(logonName);
    // An SPException, answered as 500 (what SharePoint Online is reported to send for ensureUser).
    if (!found) throw new ServiceError(500, 'generalException', `The specified user ${logonName} could not be found.`);
    const user: SiteUser = { Id: this.nextId, LoginName: logonName, ...found };
    this.nextId += 1;
    this.byLogin.set(key, user);
    this.byId.set(user.Id, user);
    return user;
  }

  get(id: number): SiteUser | null {
    return this.byId.get(id) ?? BUILT_IN_USERS.find((u) => u.Id === id) ?? null;
  }

  /**
   * A person who uses the site (opens it, edits a list) is in its User Information List from then on,
   * with the same id ever after, whether or not anyone called ensureUser for them. Not counted in
   * `ensured` and never refused: this is SharePoint's own bookkeeping, not a call from the app.
   */
  ensurePerson(person: SharePointPerson): SiteUser {
    const known = this.directory.users.find((u) => u.id === person.id);
    const email = person.email ?? known?.mail ?? known?.userPrincipalName ?? '';
    const login = `i:0#.f|membership|${(known?.userPrincipalName ?? (email || person.id)).toLowerCase()}`;
    const existing = this.byLogin.get(login.toLowerCase());
    if (existing) return existing;
    const user: SiteUser = { Id: this.nextId, LoginName: login, Title: person.displayName, Email: email, PrincipalType: 1 };
    this.nextId += 1;
    this.byLogin.set(login.toLowerCase(), user);
    this.byId.set(user.Id, user);
    return user;
  }

  private resolve(logonName: string): Omit<SiteUser, 'Id' | 'LoginName'> | null {
    const [prefix, provider, value] = logonName.split('|');
    if (prefix === 'i:0#.f' && provider === 'membership' && value) {
      const name = value.toLowerCase();
      const user = this.directory.users.find((u) => u.userPrincipalName.toLowerCase() === name || u.mail?.toLowerCase() === name);
      return user ? { Title: user.displayName, Email: user.mail ?? '', PrincipalType: 1 } : null;
    }
    if (value && ((prefix === 'c:0o.c' && provider === 'federateddirectoryclaimprovider') || (prefix === 'c:0t.c' && provider === 'tenant'))) {
      const unified = prefix === 'c:0o.c';
      const group = this.directory.groups.find((g) => g.id === value && (unified ? g.mailEnabled : g.securityEnabled));
      return group ? { Title: group.displayName, Email: group.mail ?? '', PrincipalType: unified ? 1 : 4 } : null;
    }
    return null;
  }
}
