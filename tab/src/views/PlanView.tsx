import { Button, Link, Spinner } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sortActions } from '../../../src/plan/action-order.js';
import type { ActionWithUpdates } from '../../../src/plan/plan.js';
import { lastMeeting, type PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { hrefOf, isOverlayEntry, navigate } from '../app/navigation.js';
import { mayEditPlan } from '../api/plan-api.js';
import { setPlanState } from '../app/plan-state.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { comparisonDay, sinceWords } from '../plan/change-notes.js';
import { buildPlanIndex, filterPlan, leadNames } from '../plan/plan-index.js';
import { countChanges, summarise } from '../plan/plan-summary.js';
import { toActionFilter, writeFilter } from '../plan/tab-filter.js';
import { usePlanChanges } from '../plan/use-plan-changes.js';
import { useTeamsMeeting } from '../plan/use-teams-meeting.js';
import { useUrlFilter } from '../plan/use-url-filter.js';
import { usePlanData, type PlanData } from '../plan/use-plan-data.js';
import { useMeetingSession } from '../meeting/meeting-session.js';
import { ActionList } from './ActionList.js';
import { ChannelDigestButton, ChannelDigestPanel, showsChannelDigest, useChannelDigest } from './ChannelDigestControl.js';
import { FilterBar } from './FilterBar.js';
import { MeetingsButton, MeetingsPanel } from './MeetingsControl.js';
import { usePlanPrintPage, usePlanViewStyles } from './PlanView.styles.js';
import { FileDownload } from './FileDownload.js';
import { ErrorPage } from './StatusPage.js';
import { SummaryBar, type ChangeSummary } from './SummaryBar.js';

const ActionDetail = lazy(() => import('./ActionDetail.js'));
// Only a meeting's side panel shows it: the tab elsewhere does not download it (or the minute form's text checks).
const SidePanelPlan = lazy(() => import('./side-panel/SidePanelPlan.js').then((m) => ({ default: m.SidePanelPlan })));

export interface PlanViewProps {
  planId: string;
  /** The action open in the detail, from the URL. */
  openRef: string | null;
  search: string;
}

export function PlanView({ planId, openRef, search }: PlanViewProps) {
  const { api } = useTab();
  const styles = usePlanViewStyles();
  const { data, reload, replaceAction, replaceMeetings } = usePlanData(api, planId);
  useEffect(() => {
    if (data.status === 'loading') setPlanState('loading');
  }, [data.status]);

  if (data.status === 'loading') return <Spinner className={styles.loading} label="Loading the plan…" />;
  if (data.status === 'error') return <ErrorPage error={data.error} onRetry={reload} />;
  return <PlanReady data={data} openRef={openRef} search={search} onActionChanged={replaceAction} onMeetings={replaceMeetings} />;
}

interface PlanReadyProps {
  data: Extract<PlanData, { status: 'ready' }>;
  openRef: string | null;
  search: string;
  onActionChanged: (action: ActionWithUpdates) => void;
  onMeetings: (meetings: PlanMeeting[]) => void;
}

function PlanReady({ data, openRef, search, onActionChanged, onMeetings }: PlanReadyProps) {
  const styles = usePlanViewStyles();
  usePlanPrintPage();
  const { host, api } = useTab();
  const { plan, sections, today, you } = data.envelope;
  const planPath = routePath({ view: 'plan', planId: plan.id, ref: null });
  useTeamsMeeting({ host, api, planId: plan.id, meetings: plan.meetings, today, onMeetings });

  const index = useMemo(() => buildPlanIndex(data.actions, sections), [data.actions, sections]);
  const leads = useMemo(() => leadNames(index), [index]);
  const meeting = useMemo(() => lastMeeting(plan.meetings, today), [plan.meetings, today]);
  const { filter, search: filterSearch, patch, clear, flush } = useUrlFilter(planPath, search);
  const filterKey = useMemo(() => writeFilter(filter).toString(), [filter]);
  const picked = useMemo(() => filterPlan(index, toActionFilter(filter, today)), [index, filter, today]);
  const shown = useMemo(() => (filter.order === 'plan' ? picked : sortActions(picked, filter.order, today)), [picked, filter.order, today]);
  const counts = useMemo(() => summarise(shown, today, plan.staleAfterDays), [shown, today, plan.staleAfterDays]);
  // What changed since the "Changed since" day, or else since the last meeting: per row and counted.
  const comparison = useMemo(() => comparisonDay(filter.changedSince, meeting), [filter.changedSince, meeting]);
  const changes = usePlanChanges(api, plan.id, comparison?.since ?? null, data.revision);
  const changeSummary = useMemo((): ChangeSummary => {
    if (comparison === null) return { status: 'none' };
    const words = sinceWords(comparison);
    if (changes.state.status === 'ready') return { status: 'ready', words, short: `since ${formatDate(comparison.since)}`, counts: countChanges(shown, changes.byAction) };
    if (changes.state.status === 'error') return { status: 'failed', words, message: changes.state.error.message };
    return { status: 'loading', words };
  }, [comparison, changes.state, changes.byAction, shown]);
  const sinceColumn = comparison === null ? null : `Since ${formatDate(comparison.since)}`;
  // One of the header's panels at a time: they open in the same place.
  const [openPanel, setOpenPanel] = useState<'meetings' | 'digest' | null>(null);
  const toggle = (panel: 'meetings' | 'digest') => setOpenPanel((open) => (open === panel ? null : panel));
  const meetingsButton = useRef<HTMLButtonElement>(null);
  const closeMeetings = useCallback(() => {
    setOpenPanel(null);
    meetingsButton.current?.focus();
  }, []);
  const [channelDigest, setChannelDigest] = useChannelDigest(plan.channelDigest);
  const digestShown = showsChannelDigest(host.channel, channelDigest);
  const digestButton = useRef<HTMLButtonElement>(null);
  const closeDigest = useCallback(() => {
    setOpenPanel(null);
    // Unlinked outside a channel, the control goes with the panel: focus goes to its neighbour.
    (digestShown ? digestButton : meetingsButton).current?.focus();
  }, [digestShown]);

  // The side panel's list comes in its own chunk, and says it is ready once it is on screen.
  const sidePanel = host.frame === 'sidePanel';
  useEffect(() => {
    if (!sidePanel) setPlanState('ready');
  }, [sidePanel]);

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
  const announce = useMeetingSession()?.announceChange;
  const changedHere = useCallback(
    (action: ActionWithUpdates) => {
      onActionChanged(action);
      // In a meeting, a change made here shows on everyone's stage and side panel.
      announce?.(plan.id);
    },
    [onActionChanged, announce, plan.id],
  );
  const detail = openRef !== null && (
    <Suspense fallback={null}>
      <ActionDetail planId={plan.id} actionRef={openRef} plan={plan} you={you} today={today} onClose={close} onChanged={changedHere} />
    </Suspense>
  );

  if (host.frame === 'sidePanel') {
    return (
      <Suspense fallback={<Spinner label="Loading the plan…" />}>
        <SidePanelPlan
          plan={plan}
          sections={sections}
          today={today}
          you={you}
          actions={data.actions}
          shown={shown}
          filter={filter}
          filterKey={filterKey}
          onPatch={patch}
          onClear={clear}
          leads={leads}
          lastMeeting={meeting}
          hrefOf={actionHref}
          onOpen={open}
          onActionChanged={onActionChanged}
          onChangedHere={changedHere}
        />
        {detail}
      </Suspense>
    );
  }

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
          {/* The browser's own print, to paper or PDF: the print styles leave the plan, every row of it, and no controls. */}
          <Button size="small" appearance="subtle" onClick={() => window.print()}>
            Print
          </Button>
          <ExportToWord planId={plan.id} lead={filter.lead} />
          <Link
            href={hrefOf(routePath({ view: 'report', planId: plan.id }))}
            onClick={(e) => {
              e.preventDefault();
              navigate(routePath({ view: 'report', planId: plan.id }));
            }}
          >
            Annual report
          </Link>
          <MeetingsButton meetings={plan.meetings} expanded={openPanel === 'meetings'} controls="plan-meetings" onToggle={() => toggle('meetings')} buttonRef={meetingsButton} />
          {(digestShown || openPanel === 'digest') && (
            <ChannelDigestButton expanded={openPanel === 'digest'} controls="plan-channel-digest" onToggle={() => toggle('digest')} buttonRef={digestButton} />
          )}
        </nav>
        {openPanel === 'meetings' && <MeetingsPanel id="plan-meetings" planId={plan.id} meetings={plan.meetings} today={today} onMeetings={onMeetings} onClose={closeMeetings} />}
        {openPanel === 'digest' && (
          <ChannelDigestPanel
            id="plan-channel-digest"
            planId={plan.id}
            digest={channelDigest}
            here={host.channel}
            mayEdit={mayEditPlan(you)}
            today={today}
            onDigest={setChannelDigest}
            onClose={closeDigest}
          />
        )}
      </header>
      <FilterBar filter={filter} onPatch={patch} onClear={clear} sections={sections} leads={leads} lastMeeting={meeting} />
      <SummaryBar counts={counts} planTotal={data.actions.length} staleAfterDays={plan.staleAfterDays} changes={changeSummary} />
      <ActionList
        actions={shown}
        sections={sections}
        today={today}
        hrefOf={actionHref}
        onOpen={open}
        resetKey={filterKey}
        grouped={filter.order === 'plan'}
        since={sinceColumn}
        changesOf={changes.byAction}
      />
      {detail}
    </main>
  );
}

/** "Export to Word": the plan as the board's Word document, only the filter's lead's actions when a lead is chosen. */
function ExportToWord({ planId, lead }: { planId: string; lead: string }) {
  const { api } = useTab();
  const query = lead ? `?${new URLSearchParams({ lead })}` : '';
  const download = api.downloadExport?.bind(api);
  return (
    <FileDownload
      href={`/api/plans/${encodeURIComponent(planId)}/export.docx${query}`}
      label="Export to Word"
      fetchFile={download ? () => download(planId, 'docx', lead ? { lead } : {}) : null}
    />
  );
}
