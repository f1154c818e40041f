import { Button, Checkbox, Link, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView, ActionWithUpdates } from '../../../src/plan/plan.js';
import { lastMeeting, type PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { hrefOf, navigate } from '../app/navigation.js';
import { setPlanState } from '../app/plan-state.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { dueWords } from '../format/timescale-text.js';
import { changeNotes, comparisonDay, sinceWords, type Comparison } from '../plan/change-notes.js';
import { buildPlanIndex, filterPlan } from '../plan/plan-index.js';
import { readFilter, toActionFilter } from '../plan/tab-filter.js';
import { timelineLines } from '../plan/timeline-lines.js';
import { usePlanChanges } from '../plan/use-plan-changes.js';
import { usePlanData, type PlanData } from '../plan/use-plan-data.js';
import { useTeamsMeeting } from '../plan/use-teams-meeting.js';
import { stepForKey, walkThrough } from '../plan/walk-through.js';
import { OrderSelect } from './OrderSelect.js';
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
  const { data, reload, replaceMeetings } = usePlanData(api, planId);
  useEffect(() => {
    if (data.status === 'loading') setPlanState('loading');
  }, [data.status]);
  if (data.status === 'loading') return <Spinner label="Loading the plan…" />;
  if (data.status === 'error') return <ErrorPage error={data.error} onRetry={reload} />;
  return <StageReady data={data} search={search} onMeetings={replaceMeetings} />;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function StageReady({ data, search, onMeetings }: { data: Extract<PlanData, { status: 'ready' }>; search: string; onMeetings: (meetings: PlanMeeting[]) => void }) {
  const styles = useStageStyles();
  const { api, host } = useTab();
  const { plan, sections, today } = data.envelope;
  useTeamsMeeting({ host, api, planId: plan.id, meetings: plan.meetings, today, onMeetings });
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const onlyChanged = params.get('changes') === '1';
  const stagePath = routePath({ view: 'stage', planId: plan.id });

  const index = useMemo(() => buildPlanIndex(data.actions, sections), [data.actions, sections]);
  const filter = useMemo(() => readFilter(search), [search]);
  const meeting = useMemo(() => lastMeeting(plan.meetings, today), [plan.meetings, today]);
  const comparison = useMemo(() => comparisonDay(filter.changedSince, meeting), [filter.changedSince, meeting]);
  const changes = usePlanChanges(api, plan.id, comparison?.since ?? null, data.revision);
  const changesReady = changes.state.status === 'ready';
  const shown = useMemo(() => filterPlan(index, toActionFilter(filter, today)), [index, filter, today]);
  const steps = useMemo(
    () => walkThrough(shown, { order: filter.order, today, onlyChanged, changed: changesReady ? changes.byAction : null }),
    [shown, filter.order, today, onlyChanged, changesReady, changes.byAction],
  );
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

  // A layout effect: the keys work from the moment the action is on screen (a passive effect may
  // run a moment later, and a key pressed in between would be lost).
  useLayoutEffect(() => {
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
  // The list's filters and order go back with the person; where the walk-through stood does not.
  const planSearch = new URLSearchParams([...params].filter(([k]) => !['at', 'changes'].includes(k))).toString();
  const onlyLabel = comparison === null ? 'Only what changed since the last meeting (no meeting dates yet)' : `Only what changed ${sinceWords(comparison)}`;

  return (
    <main className={styles.root} aria-labelledby="stage-title">
      <header className={styles.bar}>
        <h1 id="stage-title" className={styles.planTitle}>
          {plan.title}
        </h1>
        <Checkbox
          label={onlyLabel}
          checked={onlyChanged}
          disabled={comparison === null || !changesReady}
          onChange={(_, d) => setParam({ changes: d.checked === true ? '1' : null, at: null })}
        />
        <OrderSelect value={filter.order} onChange={(order) => setParam({ order: order === 'plan' ? null : order, at: null })} />
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
          <StageAction
            action={current}
            detail={detail?.ref === current.ref ? detail : null}
            comparison={comparison}
            change={changesReady ? (changes.byAction.get(current.id) ?? null) : null}
            changesKnown={changesReady}
            today={today}
          />
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

interface StageActionProps {
  action: ActionView;
  /** The whole action with its record, once loaded. */
  detail: ActionWithUpdates | null;
  comparison: Comparison | null;
  /** What changed on it since the day compared with (GET .../changes), or null for nothing. */
  change: ActionChanges | null;
  changesKnown: boolean;
  today: DateOnly;
}

function StageAction({ action, detail, comparison, change, changesKnown, today }: StageActionProps) {
  const styles = useStageStyles();
  const due = dueWords(action, today);
  const reading = [due.reading, due.late].filter((p) => p !== null).join(', ');
  const notes = change === null ? [] : changeNotes(change);
  // The same entries as the detail's history, only those since the day compared with.
  const since = comparison === null || detail === null ? [] : timelineLines(detail, { since: comparison.since });
  const latest = action.latestUpdate;
  return (
    <>
      <div className={styles.head}>
        <h2 id="stage-ref" className={styles.ref}>
          {action.ref}
        </h2>
        <RagBadge rag={action.rag} size="extra-large" />
        {change?.rag && (
          <span className={styles.ragWas}>
            was {change.rag.was}, now {change.rag.now}
          </span>
        )}
      </div>
      {comparison !== null && changesKnown && (
        <p className={styles.changed}>
          {notes.length > 0 ? `${capital(sinceWords(comparison))}: ${notes.join(' · ')}` : `No change ${sinceWords(comparison)}`}
        </p>
      )}
      <p className={styles.text}>{action.text}</p>
      <dl className={styles.facts}>
        <dt className={styles.term}>Leads</dt>
        <dd className={styles.value}>{action.leadsText || 'none named'}</dd>
        <dt className={styles.term}>Timescale</dt>
        <dd className={styles.value}>
          {action.timescale.asWritten || 'none written'}
          {reading && <span className={due.lateness.state === 'overdue' ? styles.overdue : undefined}> ({reading})</span>}
        </dd>
      </dl>
      {comparison !== null && since.length > 0 ? (
        <section aria-labelledby="stage-since">
          <h3 id="stage-since" className={styles.sectionHeading}>
            {capital(sinceWords(comparison))}
          </h3>
          <ol className={styles.updates}>
            {since.map((line) => (
              <li key={line.key} className={line.kind === 'history' ? styles.historyLine : styles.update}>
                <span className={styles.updateDate}>
                  {line.date}
                  {line.kind === 'update' && [line.who, line.recorded, line.set].filter((p) => p).map((p) => `, ${p}`)}
                </span>
                {line.text}
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
