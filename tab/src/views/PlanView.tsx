import { Button, Link, Spinner } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ActionWithUpdates } from '../../../src/plan/plan.js';
import { hrefOf, isOverlayEntry, navigate } from '../app/navigation.js';
import { setPlanState } from '../app/plan-state.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { lastMeeting } from '../plan/last-meeting.js';
import { buildPlanIndex, filterPlan, leadNames } from '../plan/plan-index.js';
import { summarise } from '../plan/plan-summary.js';
import { toActionFilter, writeFilter } from '../plan/tab-filter.js';
import { useUrlFilter } from '../plan/use-url-filter.js';
import { usePlanData, type PlanData } from '../plan/use-plan-data.js';
import { ActionList } from './ActionList.js';
import { FilterBar } from './FilterBar.js';
import { usePlanViewStyles } from './PlanView.styles.js';
import { ErrorPage } from './StatusPage.js';
import { SummaryBar } from './SummaryBar.js';

const ActionDetail = lazy(() => import('./ActionDetail.js'));

export interface PlanViewProps {
  planId: string;
  /** The action open in the detail, from the URL. */
  openRef: string | null;
  search: string;
}

export function PlanView({ planId, openRef, search }: PlanViewProps) {
  const { api } = useTab();
  const styles = usePlanViewStyles();
  const { data, reload, replaceAction } = usePlanData(api, planId);
  useEffect(() => {
    if (data.status === 'loading') setPlanState('loading');
  }, [data.status]);

  if (data.status === 'loading') return <Spinner className={styles.loading} label="Loading the plan…" />;
  if (data.status === 'error') return <ErrorPage error={data.error} onRetry={reload} />;
  return <PlanReady data={data} openRef={openRef} search={search} onActionChanged={replaceAction} />;
}

interface PlanReadyProps {
  data: Extract<PlanData, { status: 'ready' }>;
  openRef: string | null;
  search: string;
  onActionChanged: (action: ActionWithUpdates) => void;
}

function PlanReady({ data, openRef, search, onActionChanged }: PlanReadyProps) {
  const styles = usePlanViewStyles();
  const { host } = useTab();
  const { plan, sections, today } = data.envelope;
  const planPath = routePath({ view: 'plan', planId: plan.id, ref: null });

  const index = useMemo(() => buildPlanIndex(data.actions, sections), [data.actions, sections]);
  const leads = useMemo(() => leadNames(index), [index]);
  const meeting = useMemo(() => lastMeeting(data.actions, today), [data.actions, today]);
  const { filter, search: filterSearch, patch, clear, flush } = useUrlFilter(planPath, search);
  const filterKey = useMemo(() => writeFilter(filter).toString(), [filter]);
  const shown = useMemo(() => filterPlan(index, toActionFilter(filter, today)), [index, filter, today]);
  const counts = useMemo(() => summarise(shown, today, plan.staleAfterDays), [shown, today, plan.staleAfterDays]);
  const [shareError, setShareError] = useState<string | null>(null);

  useEffect(() => setPlanState('ready'), []);

  const open = useCallback(
    (ref: string) => {
      flush();
      navigate(routePath({ view: 'plan', planId: plan.id, ref }), filterSearch, { overlay: true });
    },
    [plan.id, filterSearch, flush],
  );
  const close = useCallback(() => {
    if (isOverlayEntry()) window.history.back();
    else navigate(planPath, search, { replace: true });
  }, [planPath, search]);
  const actionHref = useCallback((ref: string) => hrefOf(routePath({ view: 'plan', planId: plan.id, ref }), filterSearch), [plan.id, filterSearch]);
  const stagePath = routePath({ view: 'stage', planId: plan.id });

  return (
    <main className={styles.root} aria-labelledby="plan-title">
      <header className={styles.header}>
        <h1 id="plan-title" className={styles.title}>
          {plan.title}
        </h1>
        <nav className={styles.actions} aria-label="Plan">
          <Link
            href={hrefOf('/')}
            onClick={(e) => {
              e.preventDefault();
              navigate('/');
            }}
          >
            All plans
          </Link>
          <Link
            href={hrefOf(stagePath, filterSearch)}
            onClick={(e) => {
              e.preventDefault();
              flush();
              navigate(stagePath, filterSearch);
            }}
          >
            Walk through
          </Link>
          <Link
            href={hrefOf(routePath({ view: 'import', planId: plan.id }))}
            onClick={(e) => {
              e.preventDefault();
              navigate(routePath({ view: 'import', planId: plan.id }));
            }}
          >
            Import a new version
          </Link>
          {host.shareToStage !== null && (
            <Button
              appearance="primary"
              onClick={() => {
                setShareError(null);
                host.shareToStage!(`${window.location.origin}${hrefOf(stagePath, filterSearch)}`).catch((e: unknown) =>
                  setShareError(e instanceof Error ? e.message : 'Teams could not share to the stage'),
                );
              }}
            >
              Show on meeting stage
            </Button>
          )}
        </nav>
        {shareError !== null && <p role="alert">{shareError}</p>}
      </header>
      <FilterBar filter={filter} onPatch={patch} onClear={clear} sections={sections} leads={leads} lastMeeting={meeting} />
      <SummaryBar counts={counts} planTotal={data.actions.length} staleAfterDays={plan.staleAfterDays} />
      <ActionList actions={shown} sections={sections} today={today} hrefOf={actionHref} onOpen={open} resetKey={filterKey} />
      {openRef !== null && (
        <Suspense fallback={null}>
          <ActionDetail planId={plan.id} actionRef={openRef} plan={plan} today={today} onClose={close} onChanged={onActionChanged} />
        </Suspense>
      )}
    </main>
  );
}
