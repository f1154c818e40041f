/**
 * Fault injection for the local Graph server: the next N requests fail with a status, the next N
 * requests inside $batch fail (each inner request is throttled on its own, graph/json-batching),
 * the Kth item write from now fails wherever it is sent, or the next N requests a test picks (say
 * delta pages) fail, after letting some through.
 */
export interface InjectedFault {
  status: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

interface CountedFault extends InjectedFault {
  remaining: number;
}

export interface WriteDescription {
  method: string;
  path: string;
}

/** A request as the fault plan sees it: method, path (with /v1.0) and query. */
export interface RequestDescription {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** Picks the delta requests of a list's items (listItem: delta), first pages and continuations alike. */
export function isDeltaRequest(request: RequestDescription): boolean {
  return request.method === 'GET' && /\/items\/(microsoft\.graph\.)?delta(\(\))?$/.test(request.path);
}

export class FaultPlan {
  private outer: CountedFault[] = [];
  private inner: CountedFault[] = [];
  private picked: { fault: InjectedFault; skip: number; remaining: number; when: (r: RequestDescription) => boolean }[] = [];
  private writeRules: { at: number; seen: number; fault: InjectedFault | null; before: (() => void) | null; when: (w: WriteDescription) => boolean }[] = [];

  /** The next `count` top-level HTTP requests (a $batch counts as one) get this status. */
  failNext(count: number, fault: InjectedFault): void {
    this.outer.push({ ...fault, remaining: count });
  }

  /** The next `count` requests inside $batch bodies get this status as their own response. */
  failNextInner(count: number, fault: InjectedFault): void {
    this.inner.push({ ...fault, remaining: count });
  }

  /**
   * The next `count` requests that `when` picks (top-level or inside a $batch) get this status, once
   * `after` picked requests have gone through: `failNextWhere(1, { status: 503, retryAfterSeconds: 1 },
   * isDeltaRequest, { after: 2 })` fails the third delta page from now, once.
   */
  failNextWhere(count: number, fault: InjectedFault, when: (request: RequestDescription) => boolean, options: { after?: number } = {}): void {
    this.picked.push({ fault, skip: options.after ?? 0, remaining: count, when });
  }

  /** The `k`th write from now (create, update or delete, top-level or in a batch) that `when` picks fails. */
  failWrite(k: number, fault: InjectedFault, when: (w: WriteDescription) => boolean = () => true): void {
    this.writeRules.push({ at: k, seen: 0, fault, before: null, when });
  }

  /** Runs `run` just before the `k`th write that `when` picks: someone else's edit landing in between. */
  beforeWrite(k: number, run: () => void, when: (w: WriteDescription) => boolean = () => true): void {
    this.writeRules.push({ at: k, seen: 0, fault: null, before: run, when });
  }

  clear(): void {
    this.outer = [];
    this.inner = [];
    this.picked = [];
    this.writeRules = [];
  }

  takeOuter(request?: RequestDescription): InjectedFault | null {
    return (request && this.takePicked(request)) ?? take(this.outer);
  }

  takeInner(request?: RequestDescription): InjectedFault | null {
    return (request && this.takePicked(request)) ?? take(this.inner);
  }

  private takePicked(request: RequestDescription): InjectedFault | null {
    let fault: InjectedFault | null = null;
    for (const rule of [...this.picked]) {
      // A request that fails here did not go through, so later rules do not count it.
      if (fault) break;
      if (!rule.when(request)) continue;
      if (rule.skip > 0) {
        rule.skip -= 1;
        continue;
      }
      fault = rule.fault;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.picked.splice(this.picked.indexOf(rule), 1);
    }
    return fault;
  }

  /** Counts a write against each rule; runs what is due and returns the fault it meets, if any. */
  onWrite(write: WriteDescription): InjectedFault | null {
    let fault: InjectedFault | null = null;
    for (const rule of [...this.writeRules]) {
      if (!rule.when(write)) continue;
      rule.seen += 1;
      if (rule.seen !== rule.at) continue;
      this.writeRules.splice(this.writeRules.indexOf(rule), 1);
      rule.before?.();
      fault ??= rule.fault;
    }
    return fault;
  }
}

function take(queue: CountedFault[]): InjectedFault | null {
  const head = queue[0];
  if (!head) return null;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head;
}
