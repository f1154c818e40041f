import { Button, Checkbox, Link, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ActionView, ActionWithUpdates } from '../../../src/plan/plan.js';
import { lastMeeting, type PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { hrefOf, navigate } from '../app/navigation.js';
import { setPlanState } from '../app/plan-state.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { useMeetingSession } from '../meeting/meeting-session.js';
import { comparisonDay, sinceWords } from '../plan/change-notes.js';
import { buildPlanIndex } from '../plan/plan-index.js';
import { listParams, listWords, stageOverview, type StageList } from '../plan/stage-overview.js';
import { DUE_BY_PARAM, readFilter } from '../plan/tab-filter.js';
import { usePlanChanges } from '../plan/use-plan-changes.js';
import { usePlanData, type PlanData } from '../plan/use-plan-data.js';
import { useTeamsMeeting } from '../plan/use-teams-meeting.js';
import { AT_PARAM, keyIsControls, ONLY_CHANGED_PARAM, stageAt, stageWalk, stepForKey } from '../plan/walk-through.js';
import { sectionName } from './FilterBar.js';
import { OrderSelect } from './OrderSelect.js';
import { StageAction } from './stage/StageAction.js';
import { StageOverview } from './stage/StageOverview.js';
import { ErrorPage } from './StatusPage.js';
import { useStageStyles } from './StageView.styles.js';

export interface StageViewProps {
  planId: string;
  search: string;
}

/**
 * The plan on the meeting stage: an overview to open with, then one action at a time, large, with
 * what changed since the last meeting. Everything it shows (overview or action, the list, its
 * order) is in the stage URL's search, never in component state alone, so whoever is handed the URL
 * (the meeting's attendees, through Live Share) sees exactly the same.
 */
export default function StageView({ planId, search }: StageViewProps) {
  const { api } = useTab();
  const { data, reload, refresh, replaceMeetings } = usePlanData(api, planId);
  useMeetingRefresh(refresh);
  useEffect(() => {
    if (data.status === 'loading') setPlanState('loading');
  }, [data.status]);
  if (data.status === 'loading') return <Spinner label="Loading the plan…" />;
  if (data.status === 'error') return <ErrorPage error={data.error} onRetry={reload} />;
  return <StageReady data={data} search={search} onMeetings={replaceMeetings} />;
}

/**
 * Reads the plan again, quietly, whenever someone in the meeting announces a change (a minute
 * recorded in the side panel), so every stage shows it without a loading flash.
 */
function useMeetingRefresh(refresh: () => void): void {
  const signal = useMeetingSession()?.changeSignal ?? null;
  const seen = useRef(signal);
  useEffect(() => {
    const before = seen.current;
    seen.current = signal;
    // Joining a meeting (null to a count) is no change to the plan.
    if (before === null || signal === null || before === signal) return;
    refresh();
  }, [signal, refresh]);
}

type ReadyData = Extract<PlanData, { status: 'ready' }>;

function StageReady({ data, search, onMeetings }: { data: ReadyData; search: string; onMeetings: (meetings: PlanMeeting[]) => void }) {
  const styles = useStageStyles();
  const { api, host } = useTab();
  const { plan, sections, today } = data.envelope;
  useTeamsMeeting({ host, api, planId: plan.id, meetings: plan.meetings, today, onMeetings });
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const stagePath = routePath({ view: 'stage', planId: plan.id });
  const at = stageAt(params);

  const index = useMemo(() => buildPlanIndex(data.actions, sections), [data.actions, sections]);
  const meeting = useMemo(() => lastMeeting(plan.meetings, today), [plan.meetings, today]);
  const changedSince = useMemo(() => readFilter(params).changedSince, [params]);
  const comparison = useMemo(() => comparisonDay(changedSince, meeting), [changedSince, meeting]);
  const changes = usePlanChanges(api, plan.id, comparison?.since ?? null, data.revision);
  const changesReady = changes.state.status === 'ready';
  const changed = changesReady ? changes.byAction : null;
  const walk = useMemo(() => stageWalk(index, params, today, changed, at), [index, params, today, changed, at]);
  const steps = walk.steps;
  const position = at === null ? -1 : Math.max(0, steps.findIndex((a) => a.ref === at));
  const current: ActionView | undefined = position < 0 ? undefined : steps[position];
  const overview = useMemo(() => stageOverview(index, today, plan.meetings), [index, today, plan.meetings]);

  useEffect(() => setPlanState('ready'), []);

  const searchWith = useCallback(
    (changes: Record<string, string | null>): URLSearchParams => {
      const next = new URLSearchParams(search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      return next;
    },
    [search],
  );
  // Replace, not push: stepping through forty actions must not leave forty entries behind Back.
  const setParams = useCallback((next: URLSearchParams) => navigate(stagePath, next.toString(), { replace: true }), [stagePath]);
  const go = useCallback(
    (to: number) => {
      const target = steps[Math.min(steps.length - 1, Math.max(0, to))];
      if (target) setParams(searchWith({ [AT_PARAM]: target.ref }));
    },
    [steps, setParams, searchWith],
  );
  const toOverview = useCallback(() => setParams(searchWith({ [AT_PARAM]: null })), [setParams, searchWith]);
  /** A new list or order: an action on screen gives way to the new list's first; the overview stays. */
  const relist = useCallback(
    (changes: Record<string, string | null>, open: boolean) => {
      const next = searchWith({ ...changes, [AT_PARAM]: null });
      const first = stageWalk(index, next, today, changed).steps[0];
      if ((open || at !== null) && first !== undefined) next.set(AT_PARAM, first.ref);
      setParams(next);
    },
    [searchWith, index, today, changed, at, setParams],
  );
  const openList = useCallback((list: StageList) => relist(listParams(list), true), [relist]);

  // A layout effect: the keys work from the moment the action is on screen (a passive effect may
  // run a moment later, and a key pressed in between would be lost).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (keyIsControls(e.target instanceof HTMLElement ? e.target : null, e.key)) return;
      const step = stepForKey(e.key);
      if (step === null) return;
      // Also keeps a focused select from changing its value with the arrow key that steps the stage.
      e.preventDefault();
      if (step === 'overview') toOverview();
      else if (step === 'last') go(steps.length - 1);
      else if (step === 'next') go(position + 1);
      else if (position > 0) go(position - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, toOverview, position, steps.length]);

  const detail = useActionDetail(data.actions, plan.id, current, steps[position + 1]);

  const sectionWords = useCallback(
    (param: string): string | null => {
      const s = sections.find((x) => x.number === param) ?? sections.find((x) => x.id === param);
      return s === undefined ? null : sectionName(s);
    },
    [sections],
  );
  const list = listWords(params, { sectionName: sectionWords, since: comparison === null ? null : sinceWords(comparison), nextMeetingDay: overview.dueBy.meeting?.date ?? null });
  const planPath = routePath({ view: 'plan', planId: plan.id, ref: null });
  // The list's filters and order go back with the person; the stage's own places and lists do not.
  const planSearch = new URLSearchParams([...params].filter(([k]) => ![AT_PARAM, ONLY_CHANGED_PARAM, DUE_BY_PARAM].includes(k))).toString();
  const onlyLabel = comparison === null ? 'Only what changed since the last meeting (no meeting dates yet)' : `Only what changed ${sinceWords(comparison)}`;
  const sectionOf = current === undefined ? undefined : index.sectionById.get(current.sectionId);

  return (
    <main className={styles.root} aria-labelledby="stage-title">
      <header className={styles.bar}>
        <h1 id="stage-title" className={styles.planTitle}>
          {plan.title}
        </h1>
        <Checkbox
          className={styles.control}
          label={onlyLabel}
          checked={walk.onlyChanged}
          disabled={comparison === null || !changesReady}
          onChange={(_, d) => relist({ [ONLY_CHANGED_PARAM]: d.checked === true ? '1' : null }, false)}
        />
        <OrderSelect
          className={styles.control}
          selectClassName={styles.select}
          value={walk.filter.order}
          onChange={(order) => relist({ order: order === 'plan' ? null : order }, false)}
        />
        <Link
          className={styles.link}
          href={hrefOf(planPath, planSearch)}
          onClick={(e) => {
            e.preventDefault();
            navigate(planPath, planSearch);
          }}
        >
          Back to the plan
        </Link>
      </header>
      <div className={styles.stage}>
        {at === null ? (
          <StageOverview
            overview={overview}
            actions={data.actions}
            today={today}
            lastMeeting={meeting}
            comparison={comparison}
            changes={changes}
            search={search}
            onOpen={openList}
          />
        ) : current === undefined ? (
          <p className={styles.empty}>No action to walk through with these filters.</p>
        ) : (
          <article className={styles.action} aria-labelledby="stage-ref" data-ref={current.ref}>
            <StageAction
              action={current}
              section={sectionOf === undefined ? null : sectionName(sectionOf)}
              detail={detail?.ref === current.ref ? detail : null}
              comparison={comparison}
              change={changed?.get(current.id) ?? null}
              changesKnown={changesReady}
              today={today}
              held={walk.held && current.ref === at}
            />
          </article>
        )}
      </div>
      <nav className={styles.nav} aria-label="Walk through">
        <Button className={styles.navButton} onClick={() => go(position - 1)} disabled={position <= 0}>
          Previous action
        </Button>
        <Button className={styles.navButton} onClick={toOverview} disabled={at === null}>
          Overview
        </Button>
        <span className={styles.position} aria-live="polite">
          <span>
            {at === null
              ? `Overview, then ${steps.length === 1 ? '1 action' : `${steps.length} actions`}`
              : steps.length === 0
                ? 'No actions'
                : `${current ? `Action ${current.ref}: ` : ''}${position + 1} of ${steps.length}`}
          </span>
          <span>{` · ${list}`}</span>
        </span>
        <span className={styles.keys}>Keys: ← → or j k, Home for the overview</span>
        <Button className={styles.navButton} appearance="primary" onClick={() => go(position + 1)} disabled={position >= steps.length - 1}>
          Next action
        </Button>
      </nav>
    </main>
  );
}

/**
 * The whole history of the action on screen, and of the next one so stepping forward shows it at
 * once. Read again when the plan is (a refresh gives new actions): the action shown keeps its
 * record on screen until the new one arrives, so a refresh never blanks it.
 */
function useActionDetail(actions: readonly ActionView[], planId: string, current: ActionView | undefined, next: ActionView | undefined): ActionWithUpdates | null {
  const { api } = useTab();
  // A fresh cache for each reading of the plan: after a refresh every record is read again.
  const cache = useMemo(() => new Map<string, ActionWithUpdates>(), [actions]);
  const [detail, setDetail] = useState<ActionWithUpdates | null>(null);
  useEffect(() => {
    let live = true;
    const load = (ref: string) => {
      const hit = cache.get(ref);
      if (hit) return Promise.resolve(hit);
      return api.getAction(planId, ref).then((a) => {
        cache.set(ref, a);
        return a;
      });
    };
    setDetail((shown) => (current === undefined ? null : (cache.get(current.ref) ?? (shown?.ref === current.ref ? shown : null))));
    if (current) {
      load(current.ref).then(
        (a) => live && setDetail(a),
        () => live && setDetail((shown) => (shown?.ref === current.ref ? shown : null)),
      );
      if (next) load(next.ref).catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [api, planId, cache, current, next]);
  return detail;
}
