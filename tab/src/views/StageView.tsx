import { Button, Checkbox, Field, Link, Select, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { dueDateOf } from '../../../src/plan/action-filter.js';
import { endOfPeriod } from '../../../src/plan/calendar-date.js';
import type { ActionView, ActionWithUpdates } from '../../../src/plan/plan.js';
import { hrefOf, navigate } from '../app/navigation.js';
import { setPlanState } from '../app/plan-state.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { dueState, timescaleNote } from '../format/timescale-text.js';
import { changedSince, lastMeeting, type LastMeeting } from '../plan/last-meeting.js';
import { buildPlanIndex, filterPlan } from '../plan/plan-index.js';
import { isClosed } from '../../../src/plan/action-closed.js';
import { readFilter, toActionFilter } from '../plan/tab-filter.js';
import { newestFirst } from '../plan/update-order.js';
import { usePlanData, type PlanData } from '../plan/use-plan-data.js';
import { stepForKey, walkThrough, type WalkOrder } from '../plan/walk-through.js';
import { RagBadge } from './RagBadge.js';
import { ErrorPage } from './StatusPage.js';
import { useStageStyles } from './StageView.styles.js';

export interface StageViewProps {
  planId: string;
  search: string;
}

/** The plan on the meeting stage: one action at a time, large, with what changed since the last meeting. */
export default function StageView({ planId, search }: StageViewProps) {
  const { api } = useTab();
  const { data, reload } = usePlanData(api, planId);
  useEffect(() => {
    if (data.status === 'loading') setPlanState('loading');
  }, [data.status]);
  if (data.status === 'loading') return <Spinner label="Loading the plan…" />;
  if (data.status === 'error') return <ErrorPage error={data.error} onRetry={reload} />;
  return <StageReady data={data} search={search} />;
}

function StageReady({ data, search }: { data: Extract<PlanData, { status: 'ready' }>; search: string }) {
  const styles = useStageStyles();
  const { api } = useTab();
  const { plan, sections, today } = data.envelope;
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const order: WalkOrder = params.get('order') === 'rag' ? 'rag' : 'plan';
  const onlyChanged = params.get('changes') === '1';
  const stagePath = routePath({ view: 'stage', planId: plan.id });

  const index = useMemo(() => buildPlanIndex(data.actions, sections), [data.actions, sections]);
  const meeting = useMemo(() => lastMeeting(data.actions, today), [data.actions, today]);
  const filter = useMemo(() => readFilter(search), [search]);
  const shown = useMemo(() => filterPlan(index, toActionFilter(filter, today)), [index, filter, today]);
  const steps = useMemo(() => walkThrough(shown, { order, onlyChanged, meeting }), [shown, order, onlyChanged, meeting]);
  const at = params.get('at');
  const position = Math.max(0, steps.findIndex((a) => a.ref === at));
  const current: ActionView | undefined = steps[position];

  useEffect(() => setPlanState('ready'), []);

  const setParam = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      navigate(stagePath, next.toString(), { replace: true });
    },
    [search, stagePath],
  );
  const go = useCallback(
    (to: number) => {
      const target = steps[Math.min(steps.length - 1, Math.max(0, to))];
      if (target) setParam({ at: target.ref });
    },
    [steps, setParam],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const step = stepForKey(e.key);
      if (step === null) return;
      e.preventDefault();
      go(step === 'next' ? position + 1 : step === 'previous' ? position - 1 : step === 'first' ? 0 : steps.length - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, position, steps.length]);

  // Whole histories for the action on screen and the next one, so stepping forward shows them at once.
  const cache = useRef(new Map<string, ActionWithUpdates>());
  const [detail, setDetail] = useState<ActionWithUpdates | null>(null);
  useEffect(() => {
    let live = true;
    const load = (ref: string) => {
      const hit = cache.current.get(ref);
      if (hit) return Promise.resolve(hit);
      return api.getAction(plan.id, ref).then((a) => {
        cache.current.set(ref, a);
        return a;
      });
    };
    setDetail(current ? (cache.current.get(current.ref) ?? null) : null);
    if (current) {
      load(current.ref).then(
        (a) => live && setDetail(a),
        () => live && setDetail(null),
      );
      const next = steps[position + 1];
      if (next) load(next.ref).catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [api, plan.id, current, steps, position]);

  const planPath = routePath({ view: 'plan', planId: plan.id, ref: null });
  const planSearch = new URLSearchParams([...params].filter(([k]) => !['at', 'order', 'changes'].includes(k))).toString();

  return (
    <main className={styles.root} aria-labelledby="stage-title">
      <header className={styles.bar}>
        <h1 id="stage-title" className={styles.planTitle}>
          {plan.title}
        </h1>
        <Checkbox
          label={meeting ? `Only what changed since the last meeting (${formatDate(meeting.date)})` : 'Only what changed since the last meeting'}
          checked={onlyChanged}
          disabled={meeting === null}
          onChange={(_, d) => setParam({ changes: d.checked === true ? '1' : null, at: null })}
        />
        <Field label="Order">
          <Select value={order} onChange={(_, d) => setParam({ order: d.value === 'rag' ? 'rag' : null, at: null })}>
            <option value="plan">Plan order</option>
            <option value="rag">Red and amber first</option>
          </Select>
        </Field>
        <Link
          href={hrefOf(planPath, planSearch)}
          onClick={(e) => {
            e.preventDefault();
            navigate(planPath, planSearch);
          }}
        >
          Back to the plan
        </Link>
      </header>
      {current === undefined ? (
        <p className={styles.empty}>No action to walk through with these filters.</p>
      ) : (
        <article className={styles.body} aria-labelledby="stage-ref" data-ref={current.ref}>
          <StageAction action={current} detail={detail?.ref === current.ref ? detail : null} meeting={meeting} today={today} />
        </article>
      )}
      <nav className={styles.nav} aria-label="Walk through">
        <Button size="large" onClick={() => go(position - 1)} disabled={position <= 0}>
          Previous action
        </Button>
        <span className={styles.position} aria-live="polite">
          {steps.length === 0 ? 'No actions' : `${current ? `Action ${current.ref}: ` : ''}${position + 1} of ${steps.length}`}
        </span>
        <span className={styles.keys}>Keys: ← → or j k</span>
        <Button size="large" appearance="primary" onClick={() => go(position + 1)} disabled={position >= steps.length - 1}>
          Next action
        </Button>
      </nav>
    </main>
  );
}

function StageAction({ action, detail, meeting, today }: { action: ActionView; detail: ActionWithUpdates | null; meeting: LastMeeting | null; today: string }) {
  const styles = useStageStyles();
  const changed = meeting !== null && changedSince(action, meeting.since);
  const since = meeting === null || detail === null ? [] : newestFirst(detail.updates).filter((u) => u.date !== null && endOfPeriod(u.date) >= meeting.since);
  const latest = action.latestUpdate;
  const state = dueState(dueDateOf(action.timescale), today, isClosed(action));
  const reading = [timescaleNote(action.timescale), state === 'overdue' ? 'overdue' : state === 'due-soon' ? 'due soon' : null].filter((p) => p !== null).join(', ');
  return (
    <>
      <div className={styles.head}>
        <h2 id="stage-ref" className={styles.ref}>
          {action.ref}
        </h2>
        <RagBadge rag={action.rag} size="extra-large" />
        {meeting !== null && <span className={styles.changed}>{changed ? 'Changed since the last meeting' : 'No change since the last meeting'}</span>}
      </div>
      <p className={styles.text}>{action.text}</p>
      <dl className={styles.facts}>
        <dt className={styles.term}>Leads</dt>
        <dd className={styles.value}>{action.leadsText || 'none named'}</dd>
        <dt className={styles.term}>Timescale</dt>
        <dd className={styles.value}>
          {action.timescale.asWritten || 'none written'}
          {reading && ` (${reading})`}
        </dd>
      </dl>
      {changed && since.length > 0 ? (
        <section aria-labelledby="stage-since">
          <h3 id="stage-since" className={styles.sectionHeading}>
            Since the last meeting ({formatDate(meeting!.date)})
          </h3>
          <ol className={styles.updates}>
            {since.map((u) => (
              <li key={u.id} className={styles.update}>
                <span className={styles.updateDate}>
                  {formatDate(u.date!)}
                  {u.author ? `, ${u.author}` : ''}
                  {u.ragAfter ? `, RAG set to ${u.ragAfter}` : ''}
                </span>
                {u.text}
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <section aria-labelledby="stage-latest">
          <h3 id="stage-latest" className={styles.sectionHeading}>
            Latest update{latest ? ` (${latest.date ? formatDate(latest.date) : 'undated'})` : ''}
          </h3>
          <p className={styles.update}>{latest ? latest.text : 'No update yet.'}</p>
        </section>
      )}
    </>
  );
}
