import { ServiceError } from './service-error.js';

/**
 * The Entra ID directory behind the local Graph server: users and groups, listed and searched as
 * Graph documents it.
 *
 * - GET /users, /groups (api/user-list, api/group-list): $select, $top (default 100, at most 999),
 *   $count=true with ConsistencyLevel (@odata.count), paging by @odata.nextLink.
 * - $search (graph/search-query-parameter, "Using $search on directory object collections"):
 *   only in advanced queries, so without "ConsistencyLevel: eventual" it is 400
 *   Request_UnsupportedQuery with the message graph/aad-advanced-queries shows. Clauses
 *   "property:text" in double quotes (\" and \\ escaped), joined by AND / OR in capitals, with
 *   parentheses. displayName and description are tokenised (spaces, a change from lower to upper
 *   case, symbols, digits; words joined only by symbols also as one) and every word of the text
 *   must start a word of the value, in any order; other properties match from their start.
 * - GET /users/{id | userPrincipalName}, /groups/{id} (api/user-get, api/group-get), 404
 *   Request_ResourceNotFound otherwise.
 * - A collection the app has no permission for answers 403 Authorization_RequestDenied
 *   "Insufficient privileges to complete the operation." (graph/resolve-auth-errors).
 */

export interface DirectoryUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  jobTitle: string | null;
  /** Member, or Guest for someone invited from another organisation (B2B): their UPN is their own address with #EXT#. */
  userType?: 'Member' | 'Guest';
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
}

type Resource = 'users' | 'groups';
type DirectoryObject = DirectoryUser | DirectoryGroup;

const PROPERTIES: Record<Resource, readonly string[]> = {
  users: ['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName', 'jobTitle', 'userType'],
  groups: ['id', 'displayName', 'description', 'mail', 'mailNickname', 'mailEnabled', 'securityEnabled'],
};
const DEFAULT_SELECT: Record<Resource, readonly string[]> = {
  users: ['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName', 'jobTitle'],
  groups: ['id', 'displayName', 'description', 'mail', 'mailNickname', 'mailEnabled', 'securityEnabled'],
};
const TOKENISED = new Set(['displayName', 'description']);
const TYPE_NAME: Record<Resource, string> = { users: 'microsoft.graph.user', groups: 'microsoft.graph.group' };

type SearchNode = { kind: 'clause'; property: string; text: string } | { kind: 'and' | 'or'; left: SearchNode; right: SearchNode };

function unsupported(message: string): ServiceError {
  return new ServiceError(400, 'Request_UnsupportedQuery', message);
}

/** Parses a $search value: "a:b" OR ("c:d" AND "e:f"). */
export function parseSearch(text: string): SearchNode {
  let pos = 0;
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos += 1;
  };
  const keyword = (word: 'AND' | 'OR'): boolean => {
    skip();
    if (text.startsWith(word, pos) && (pos + word.length === text.length || /[\s("]/.test(text[pos + word.length]!))) {
      pos += word.length;
      return true;
    }
    return false;
  };
  function term(): SearchNode {
    skip();
    if (text[pos] === '(') {
      pos += 1;
      const inner = or();
      skip();
      if (text[pos] !== ')') throw unsupported('Syntax error: a parenthesis is not closed in $search.');
      pos += 1;
      return inner;
    }
    if (text[pos] !== '"') throw unsupported('Syntax error: each $search clause must be in double quotes.');
    pos += 1;
    let value = '';
    for (;;) {
      if (pos >= text.length) throw unsupported('Syntax error: a $search clause is not closed.');
      const c = text[pos]!;
      if (c === '\\' && pos + 1 < text.length) {
        value += text[pos + 1];
        pos += 2;
      } else if (c === '"') {
        pos += 1;
        break;
      } else {
        value += c;
        pos += 1;
      }
    }
    const colon = value.indexOf(':');
    if (colon <= 0) throw unsupported('Syntax error: a $search clause must be "property:text".');
    return { kind: 'clause', property: value.slice(0, colon), text: value.slice(colon + 1) };
  }
  function and(): SearchNode {
    let left = term();
    while (keyword('AND')) left = { kind: 'and', left, right: term() };
    return left;
  }
  function or(): SearchNode {
    let left = and();
    while (keyword('OR')) left = { kind: 'or', left, right: and() };
    return left;
  }
  const node = or();
  skip();
  if (pos !== text.length) throw unsupported('Syntax error: AND and OR must be in capitals, between quoted clauses.');
  return node;
}

/** Words of a value as the directory's search cuts them (search-query-parameter, tokenization). */
export function searchTokens(value: string): string[] {
  const tokens: string[] = [];
  for (const chunk of value.split(/\s+/).filter(Boolean)) {
    // Only a change from lower to upper case cuts a word: HelloWorld is two, HELLOworld one.
    const pieces = chunk.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').match(/\p{L}+|\p{N}+/gu) ?? [];
    for (const piece of pieces) tokens.push(piece.toLowerCase());
    // Words joined only by symbols are also one word: hello.world finds helloworld.
    if (/[^\p{L}\p{N}]/u.test(chunk) && pieces.length > 1) tokens.push(pieces.join('').toLowerCase());
  }
  return tokens;
}

function clauseMatches(resource: Resource, object: DirectoryObject, property: string, text: string): boolean {
  if (!PROPERTIES[resource].includes(property)) {
    throw new ServiceError(400, 'Request_BadRequest', `Could not find a property named '${property}' on type '${TYPE_NAME[resource]}'.`);
  }
  const raw = (object as unknown as Record<string, unknown>)[property];
  if (typeof raw !== 'string' || raw === '') return false;
  if (!TOKENISED.has(property)) return raw.toLowerCase().startsWith(text.trim().toLowerCase());
  const words = searchTokens(raw);
  const wanted = searchTokens(text).filter((t) => /[\p{L}\p{N}]/u.test(t));
  return wanted.length > 0 && wanted.every((w) => words.some((v) => v.startsWith(w)));
}

function evaluate(resource: Resource, node: SearchNode, object: DirectoryObject): boolean {
  if (node.kind === 'clause') return clauseMatches(resource, object, node.property, node.text);
  const left = evaluate(resource, node.left, object);
  const right = evaluate(resource, node.right, object);
  return node.kind === 'and' ? left && right : left || right;
}

export interface DirectoryRequest {
  method: string;
  /** Segments after /v1.0: ["users"] or ["groups", "{id}"]. */
  segments: string[];
  query: URLSearchParams;
  header(name: string): string | null;
  /** Absolute URL of the collection, for @odata.nextLink. */
  collectionUrl: string;
}

export class TestDirectory {
  readonly users: DirectoryUser[];
  readonly groups: DirectoryGroup[];
  /** Collections the app may not read: answered 403, as without User.Read.All or GroupMember.Read.All. */
  readonly denied = new Set<Resource>();
  /** Searches answered, for tests that count requests. */
  searches = 0;

  constructor(seed: { users?: DirectoryUser[]; groups?: DirectoryGroup[] } = {}) {
    this.users = [...(seed.users ?? [])];
    this.groups = [...(seed.groups ?? [])];
  }

  handle(request: DirectoryRequest): { status: number; body: unknown } {
    const resource = request.segments[0] as Resource;
    if (request.method !== 'GET') throw new ServiceError(405, 'Request_BadRequest', `${request.method} on /${resource} is not supported by the local Graph server.`);
    if (this.denied.has(resource)) throw new ServiceError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const objects: DirectoryObject[] = resource === 'users' ? this.users : this.groups;
    const select = this.select(resource, request.query.get('$select'));
    if (request.segments.length === 2) {
      const key = decodeURIComponent(request.segments[1] ?? '');
      const found = objects.find((o) => o.id === key || (resource === 'users' && (o as DirectoryUser).userPrincipalName.toLowerCase() === key.toLowerCase()));
      if (!found) {
        throw new ServiceError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
      }
      return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${resource}/$entity`, ...this.project(found, select) } };
    }
    if (request.segments.length !== 1) throw new ServiceError(400, 'Request_BadRequest', `Unsupported path /${request.segments.join('/')}.`);

    const eventual = (request.header('consistencylevel') ?? '').trim().toLowerCase() === 'eventual';
    const search = request.query.get('$search');
    if (request.query.has('$filter') || request.query.has('$orderby') || request.query.has('$skip')) {
      throw new ServiceError(400, 'Request_UnsupportedQuery', 'The local Graph server supports $search, $select, $top and $count on directory objects.');
    }
    let matched = objects;
    if (search !== null) {
      if (!eventual) throw unsupported("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
      this.searches += 1;
      const node = parseSearch(search);
      matched = objects.filter((o) => evaluate(resource, node, o));
    }
    const topText = request.query.get('$top');
    const top = topText === null ? 100 : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 999) throw new ServiceError(400, 'Request_BadRequest', `Invalid page size specified: '${topText ?? ''}'. Must be between 1 and 999 inclusive.`);
    const token = request.query.get('$skiptoken');
    const offset = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new ServiceError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
    const page = matched.slice(offset, offset + top);
    const body: Record<string, unknown> = { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${resource}` };
    // Without ConsistencyLevel, $count=true is silently ignored (aad-advanced-queries, "Error handling").
    if (eventual && request.query.get('$count') === 'true') body['@odata.count'] = matched.length;
    body.value = page.map((o) => this.project(o, select));
    if (offset + top < matched.length) {
      const next = new URLSearchParams(request.query);
      next.set('$skiptoken', Buffer.from(String(offset + top)).toString('base64url'));
      body['@odata.nextLink'] = `${request.collectionUrl}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  private select(resource: Resource, select: string | null): readonly string[] {
    if (select === null) return DEFAULT_SELECT[resource];
    const names = select.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of names) {
      if (!PROPERTIES[resource].includes(name)) throw new ServiceError(400, 'Request_BadRequest', `Could not find a property named '${name}' on type '${TYPE_NAME[resource]}'.`);
    }
    return names;
  }

  private project(object: DirectoryObject, select: readonly string[]): Record<string, unknown> {
    const record = object as unknown as Record<string, unknown>;
    return Object.fromEntries(select.map((name) => [name, record[name] ?? null]));
  }
}

let nextId = 0;
function objectId(): string {
  nextId += 1;
  return `0b5e${String(nextId).padStart(4, '0')}-7c1d-4e2f-9a3b-5c6d7e8f9a0b`;
}

function user(displayName: string, domain: string, jobTitle: string | null, mailName?: string): DirectoryUser {
  const [given, ...rest] = displayName.split(' ');
  const local = mailName ?? displayName.toLowerCase().replace(/\s+/g, '.');
  return { id: objectId(), displayName, givenName: given ?? null, surname: rest.join(' ') || null, mail: `${local}@${domain}`, userPrincipalName: `${local}@${domain}`, jobTitle, userType: 'Member' };
}

/**
 * A guest: someone from another organisation invited into the tenant (Entra B2B). Graph lists them
 * with the members (api/user-list; userType "Guest"), their mail is their own address and their
 * userPrincipalName that address with @ made _, then "#EXT#@" and the tenant's initial domain
 * (learn.microsoft.com/entra/external-id/user-properties). `displayName` is what the inviter typed,
 * or the address itself when they typed nothing.
 */
export function guestUser(displayName: string, ownAddress: string, tenantDomain = 'partnership.onmicrosoft.com', jobTitle: string | null = null): DirectoryUser {
  const [given, ...rest] = displayName.includes('@') ? [null] : displayName.split(' ');
  return {
    id: objectId(),
    displayName,
    givenName: given ?? null,
    surname: rest.join(' ') || null,
    mail: ownAddress,
    userPrincipalName: `${ownAddress.replace('@', '_')}#EXT#@${tenantDomain}`,
    jobTitle,
    userType: 'Guest',
  };
}

function group(displayName: string, mailNickname: string, domain: string, description: string | null = null): DirectoryGroup {
  return { id: objectId(), displayName, description, mail: `${mailNickname.toLowerCase()}@${domain}`, mailNickname, mailEnabled: true, securityEnabled: false };
}

/**
 * A partnership tenant with the people and groups the two seed plans name, and the traps a real
 * directory has: two Sarah Scotts and two Jennys, a Janet Price and a Louise Westbury beside Jane
 * Price and Louise West, four local boards for "LSCB's", and nobody for Izzy Dougan, Annette
 * Blackstock, "PSCG" (the seed's typo) or "SPPU – DCI".
 */
export function seededDirectory(): TestDirectory {
  const glos = 'glos.example';
  const police = 'cheshire-police.example';
  const cheshire = 'cheshire.example';
  return new TestDirectory({
    users: [
      user('Jane Price', glos, 'Named Nurse for Safeguarding'),
      user('Janet Price', glos, 'Finance Officer'),
      user('Louise West', glos, 'CSE Coordinator'),
      user('Louise Westbury', glos, 'Youth Worker'),
      user('Dawn Porter', glos, 'Safeguarding Lead, Education'),
      user('Natalie Oakley', 'glos-police.example', 'Communications Officer'),
      user('Sarah Scott', glos, 'School Nurse', 'sarah.scott'),
      user('Sarah Scott', 'glos-schools.example', 'Designated Safeguarding Lead'),
      user('Jenny Kadodia', glos, 'Public Health Lead'),
      user('Jenny Hughes', glos, 'Social Worker'),
      user('Lynne Speak', glos, 'Board Manager'),
      user('Sarita Walker', glos, 'Health Visitor'),
      user('Alana Greenway', glos, 'Youth Support Team Manager'),
      user('Tracy Clark', glos, 'Youth Offending Service'),
      user('Nigel Wenham', police, 'Detective Chief Inspector'),
      user('Nigel Reid', police, 'Detective Sergeant, CP Training and Development'),
      user('Jane Gregory', cheshire, 'Communications Manager'),
    ],
    groups: [
      group('Pan Cheshire Strategic Group', 'PCSG', cheshire, 'The Pan Cheshire CSE strategic group'),
      group('LSCB Training Managers', 'LSCB-Training-Managers', cheshire),
      group('Halton LSCB', 'HaltonLSCB', cheshire),
      group('Warrington LSCB', 'WarringtonLSCB', cheshire),
      group('Cheshire East LSCB', 'CheshireEastLSCB', cheshire),
      group('Cheshire West and Chester LSCB', 'CWaCLSCB', cheshire),
      group('CSE Steering Group', 'CSESteering', glos),
    ],
  });
}
