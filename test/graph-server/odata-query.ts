import { ServiceError } from './service-error.js';

/**
 * The subset of OData query options the store uses on list items, as Graph documents them
 * (learn.microsoft.com/graph/query-parameters; api/listitem-list): $filter on fields/X with eq, ne,
 * ge, le, gt, lt joined by and/or with parentheses; $expand=fields($select=A,B); $top. Anything
 * else is refused as Graph refuses it: 400 invalidRequest. $orderby is not read at all: items are
 * not sorted by it (graph-test-server.ts, listItems).
 */

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'compare'; field: string; op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; value: Literal }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

type Token = { t: 'ident'; v: string } | { t: 'string'; v: string } | { t: 'number'; v: number } | { t: '(' } | { t: ')' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c });
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ServiceError(400, 'invalidRequest', 'Invalid filter clause: unterminated string literal.');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else {
          value += text[i];
          i += 1;
        }
      }
      tokens.push({ t: 'string', v: value });
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw new ServiceError(400, 'invalidRequest', `Invalid filter clause near '${text.slice(i, i + 10)}'.`);
      tokens.push({ t: 'number', v: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_][\w/@.]*/.exec(text.slice(i));
      if (!m) throw new ServiceError(400, 'invalidRequest', `Invalid filter clause near '${text.slice(i, i + 10)}'.`);
      tokens.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (): never => {
    throw new ServiceError(400, 'invalidRequest', 'Invalid filter clause.');
  };

  function primary(): FilterNode {
    const token = peek();
    if (!token) return fail();
    if (token.t === '(') {
      pos += 1;
      const inner = orExpr();
      if (peek()?.t !== ')') fail();
      pos += 1;
      return inner;
    }
    if (token.t !== 'ident' || !token.v.startsWith('fields/')) {
      throw new ServiceError(400, 'invalidRequest', 'Invalid filter clause: only fields/<column> comparisons are supported here.');
    }
    pos += 1;
    const op = peek();
    if (op?.t !== 'ident' || !['eq', 'ne', 'ge', 'le', 'gt', 'lt'].includes(op.v)) return fail();
    pos += 1;
    const lit = peek();
    pos += 1;
    let value: Literal;
    if (lit?.t === 'string' || lit?.t === 'number') value = lit.v;
    else if (lit?.t === 'ident' && (lit.v === 'true' || lit.v === 'false')) value = lit.v === 'true';
    else if (lit?.t === 'ident' && lit.v === 'null') value = null;
    else return fail();
    return { kind: 'compare', field: token.v.slice('fields/'.length), op: op.v as 'eq', value };
  }

  function andExpr(): FilterNode {
    let left = primary();
    while (peek()?.t === 'ident' && (peek() as { v: string }).v === 'and') {
      pos += 1;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  }

  function orExpr(): FilterNode {
    let left = andExpr();
    while (peek()?.t === 'ident' && (peek() as { v: string }).v === 'or') {
      pos += 1;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }

  const node = orExpr();
  if (pos !== tokens.length) fail();
  return node;
}

export function filterFields(node: FilterNode): string[] {
  return node.kind === 'compare' ? [node.field] : [...filterFields(node.left), ...filterFields(node.right)];
}

function normalise(value: unknown, like: Literal): unknown {
  if (typeof like === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof like === 'string' && typeof value === 'number') return String(value);
  return value;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export function matches(node: FilterNode, fields: Record<string, unknown>): boolean {
  if (node.kind !== 'compare') {
    return node.kind === 'and' ? matches(node.left, fields) && matches(node.right, fields) : matches(node.left, fields) || matches(node.right, fields);
  }
  const cmp = node;
  const raw = fields[cmp.field] ?? null;
  const values = Array.isArray(raw) ? raw : [raw];
  return values.some((v) => {
    const c = compareValues(normalise(v, cmp.value), cmp.value);
    switch (cmp.op) {
      case 'eq':
        return c === 0;
      case 'ne':
        return c !== 0;
      case 'ge':
        return c >= 0 && v !== null;
      case 'le':
        return c <= 0 && v !== null;
      case 'gt':
        return c > 0;
      case 'lt':
        return c < 0 && v !== null;
    }
    return false;
  });
}

/** $expand=fields or fields($select=A,B): null when fields are not expanded, [] for all. */
export function parseExpandFields(expand: string | null): string[] | null {
  if (expand === null) return null;
  const m = /^fields(?:\(\$?select=([^)]*)\))?$/.exec(expand.trim());
  if (!m) throw new ServiceError(400, 'invalidRequest', `Parsing OData Select and Expand failed: unsupported $expand '${expand}'.`);
  return m[1] === undefined ? [] : m[1].split(',').map((s) => s.trim()).filter(Boolean);
}
