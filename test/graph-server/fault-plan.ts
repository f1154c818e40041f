/**
 * Fault injection for the local Graph server: the next N requests fail with a status, the next N
 * requests inside $batch fail (each inner request is throttled on its own, graph/json-batching),
 * or the Kth item write from now fails wherever it is sent.
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

export class FaultPlan {
  private outer: CountedFault[] = [];
  private inner: CountedFault[] = [];
  private writeRules: { at: number; seen: number; fault: InjectedFault | null; before: (() => void) | null; when: (w: WriteDescription) => boolean }[] = [];

  /** The next `count` top-level HTTP requests (a $batch counts as one) get this status. */
  failNext(count: number, fault: InjectedFault): void {
    this.outer.push({ ...fault, remaining: count });
  }

  /** The next `count` requests inside $batch bodies get this status as their own response. */
  failNextInner(count: number, fault: InjectedFault): void {
    this.inner.push({ ...fault, remaining: count });
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
    this.writeRules = [];
  }

  takeOuter(): InjectedFault | null {
    return take(this.outer);
  }

  takeInner(): InjectedFault | null {
    return take(this.inner);
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
