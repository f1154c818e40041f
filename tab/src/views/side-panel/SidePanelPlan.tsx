import { Button } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { ActionView, ActionWithUpdates, Plan, Section } from '../../../../src/plan/plan.js';
import type { PlanMeeting } from '../../../../src/plan/plan-meetings.js';
import { mayEditPlan, type PlanStanding } from '../../api/plan-api.js';
import { useTab } from '../../app/tab-context.js';
import { setPlanState } from '../../app/plan-state.js';
import { useMeetingSession } from '../../meeting/meeting-session.js';
import { activeFilterCount, type TabFilter } from '../../plan/tab-filter.js';
import { FilterBar, type FilterPatch } from '../FilterBar.js';
import { CompactActionList } from './CompactActionList.js';
import { filterWords } from './filter-words.js';
import { FinishMeeting } from './FinishMeeting.js';
import { MinuteForm } from './MinuteForm.js';
import { ShareToStage } from './ShareToStage.js';
import { useSidePanelStyles } from './SidePanel.styles.js';
import { useMeetingChanges } from './use-meeting-changes.js';
import { useReportDiscussed } from './use-report-discussed.js';

export interface SidePanelPlanProps {
  plan: Plan;
  sections: readonly Section[];
  today: DateOnly;
  you: PlanStanding;
  /** Every action of the plan, and those the filter shows, in the list's order. */
  actions: readonly ActionView[];
  shown: readonly ActionView[];
  filter: TabFilter;
  filterKey: string;
  onPatch: FilterPatch;
  onClear: () => void;
  leads: readonly string[];
  lastMeeting: PlanMeeting | null;
  hrefOf: (ref: string) => string;
  onOpen: (ref: string) => void;
  /** Takes in an action changed elsewhere (another person's minute). */
  onActionChanged: (action: ActionWithUpdates) => void;
  /** Takes in an action changed here, and tells the meeting. */
  onChangedHere: (action: ActionWithUpdates) => void;
}

const NONE: readonly string[] = [];

/** The ref the shared stage is at, when the stage shows this plan. */
function stageRefOf(stage: { planId: string; search: string } | null, planId: string): string | null {
  if (stage === null || stage.planId !== planId) return null;
  return new URLSearchParams(stage.search).get('at');
}

/**
 * The plan in a meeting's side panel (320 to 400 px wide): what to put on the stage, the filter in
 * one line, one line per action with the stage's action marked, and the meeting's minutes.
 */
export function SidePanelPlan(props: SidePanelPlanProps) {
  useEffect(() => setPlanState('ready'), []);
  const { plan, sections, today, you, actions, shown, filter, filterKey, onPatch, onClear, leads, lastMeeting, hrefOf, onOpen, onActionChanged, onChangedHere } = props;
  const styles = useSidePanelStyles();
  const { host, api } = useTab();
  const session = useMeetingSession();
  const stageRef = stageRefOf(session?.stage ?? null, plan.id);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [minuteOpen, setMinuteOpen] = useState(false);
  // Once opened the form stays in the page, hidden or not, so hiding it never loses a half-written minute.
  const [minuteMounted, setMinuteMounted] = useState(false);
  const words = useMemo(() => filterWords(filter, sections), [filter, sections]);
  const editor = mayEditPlan(you);

  useMeetingChanges(api, plan.id, actions, session?.changeSignal ?? null, onActionChanged);
  // Only while the stage shows this plan: the session's list is the refs of the plan on the stage.
  const onStage = session?.stage?.planId === plan.id;
  const record = useMemo(() => (editor && onStage && api.recordDiscussed !== undefined ? api.recordDiscussed.bind(api) : null), [editor, onStage, api]);
  const discussed = session?.discussed ?? NONE;
  useReportDiscussed(record, plan.id, { date: today, chatId: host.meetingChatId }, discussed);

  return (
    <main className={styles.root} aria-labelledby="plan-title">
      <header className={styles.header}>
        <div className={styles.titleLine}>
          <h1 id="plan-title" className={styles.title} title={plan.title}>
            {plan.title}
          </h1>
          {editor && api.finishMeeting !== undefined && (
            <FinishMeeting planId={plan.id} meetingDay={today} chatId={host.meetingChatId} discussed={discussed} finish={api.finishMeeting.bind(api)} />
          )}
        </div>
        {host.shareToStage !== null && (
          <ShareToStage
            planId={plan.id}
            sections={sections}
            filter={filter}
            filtered={activeFilterCount(filter) > 0}
            hasLastMeeting={lastMeeting !== null || filter.changedSince !== ''}
            share={host.shareToStage}
          />
        )}
      </header>
      <div className={styles.filterLine} role="group" aria-label="Filter">
        <span className={styles.filterWords} title={words ?? undefined}>
          {words === null ? `All ${actions.length} actions` : `${shown.length} of ${actions.length}: ${words}`}
        </span>
        {words !== null && !filtersOpen && (
          <Button size="small" appearance="subtle" className={styles.filterButton} onClick={onClear}>
            Clear filters
          </Button>
        )}
        <Button size="small" appearance="subtle" className={styles.filterButton} aria-expanded={filtersOpen} aria-controls="side-panel-filters" onClick={() => setFiltersOpen((v) => !v)}>
          {filtersOpen ? 'Done' : 'Filter'}
        </Button>
      </div>
      {filtersOpen && (
        <div id="side-panel-filters" className={styles.filters}>
          <FilterBar filter={filter} onPatch={onPatch} onClear={onClear} sections={sections} leads={leads} lastMeeting={lastMeeting} />
        </div>
      )}
      <CompactActionList actions={shown} today={today} currentRef={stageRef} hrefOf={hrefOf} onOpen={onOpen} resetKey={filterKey} />
      {editor && (
        <section className={styles.minute} aria-labelledby="minute-heading">
          <div className={styles.minuteHead}>
            <h2 id="minute-heading" className={styles.minuteHeading}>
              Minutes{stageRef !== null && ` · ${stageRef} on the stage`}
            </h2>
            <Button
              size="small"
              aria-expanded={minuteOpen}
              aria-controls="minute-body"
              onClick={() => {
                setMinuteMounted(true);
                setMinuteOpen((v) => !v);
              }}
            >
              {minuteOpen ? 'Hide' : 'Record a minute'}
            </Button>
          </div>
          <div id="minute-body" hidden={!minuteOpen}>
            {minuteMounted && <MinuteForm planId={plan.id} plan={plan} you={you} meetingDay={today} actions={actions} stageRef={stageRef} onSaved={onChangedHere} />}
          </div>
        </section>
      )}
    </main>
  );
}
