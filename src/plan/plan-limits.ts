/**
 * How big a plan may be. Real plans hold tens to a few hundred actions (the two reference plans
 * have 47 and 28); these limits sit far above that and far below what would make one request
 * carry tens of megabytes or one import hold the server's memory (a 200,000-row CSV once took
 * 1.44 GB). Written once here; the readers, the stores and the README all use these figures.
 */
export const MAX_PLAN_ACTIONS = 10_000;
export const MAX_PLAN_UPDATES = 100_000;

export interface PlanSize {
  actions: number;
  updates: number;
}

/**
 * What is over a limit, said for a plan owner ("has 200,000 actions; a plan holds at most 10,000"),
 * or null. A reader that stops counting at the first action past the limit passes `stoppedCounting`,
 * so the message says "more than" instead of a count it never finished.
 */
export function planSizeProblem(size: PlanSize, stoppedCounting = false): string | null {
  const figure = (n: number): string => n.toLocaleString('en-GB');
  if (size.actions > MAX_PLAN_ACTIONS) {
    const count = stoppedCounting ? `more than ${figure(MAX_PLAN_ACTIONS)}` : figure(size.actions);
    return `has ${count} actions; a plan holds at most ${figure(MAX_PLAN_ACTIONS)}, so nothing was stored (split it into one plan per priority or year)`;
  }
  if (size.updates > MAX_PLAN_UPDATES) {
    return `has ${figure(size.updates)} updates; a plan holds at most ${figure(MAX_PLAN_UPDATES)}, so nothing was stored (start a new plan for the new year and keep this one as the record)`;
  }
  return null;
}
