import { mergeClasses } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import { DUE_SOON_DAYS } from '../../../../src/plan/lateness.js';
import type { PlanMeeting } from '../../../../src/plan/plan-meetings.js';
import { formatDate } from '../../format/dates.js';
import { sinceWords, type Comparison } from '../../plan/change-notes.js';
import { countChanges } from '../../plan/plan-summary.js';
import { isListShown, RAG_COLUMNS, type RagColumn, type StageList, type StageOverview as Overview } from '../../plan/stage-overview.js';
import type { PlanChangesData } from '../../plan/use-plan-changes.js';
import type { ActionView } from '../../../../src/plan/plan.js';
import { sectionName } from '../FilterBar.js';
import { useStageStyles, useVisuallyHidden } from '../StageView.styles.js';

export interface StageOverviewProps {
  overview: Overview;
  actions: readonly ActionView[];
  today: DateOnly;
  lastMeeting: PlanMeeting | null;
  comparison: Comparison | null;
  changes: PlanChangesData;
  /** The stage URL's search, to mark the list it walks through now. */
  search: string;
  onOpen: (list: StageList) => void;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
/** What a column holds beyond its name: Other is two RAG values. */
const COLUMN_NOTES: Record<RagColumn, string | null> = { Red: null, Amber: null, Green: null, Other: '(Complete, Not set)' };

/**
 * What the stage opens with: the plan's RAG by section, what is overdue, what falls due before the
 * next meeting, and what changed since the last. Every count is a button that walks through exactly
 * its actions (stage-overview.ts); a count of none is plain text.
 */
export function StageOverview({ overview, actions, today, lastMeeting, comparison, changes, search, onOpen }: StageOverviewProps) {
  const styles = useStageStyles();
  const hidden = useVisuallyHidden();
  const swatch: Record<RagColumn, string> = { Red: styles.swatchRed, Amber: styles.swatchAmber, Green: styles.swatchGreen, Other: styles.swatchOther };

  const count = (list: StageList, n: number, words: string, context: string): ReactNode => {
    const inner = (
      <>
        {list.kind === 'section-rag' && <span className={mergeClasses(styles.swatch, swatch[list.column])} aria-hidden="true" />}
        {`${n} ${words} `}
        <span className={hidden.root}>{context}</span>
      </>
    );
    if (n === 0) return <span className={styles.countNone}>{inner}</span>;
    const shown = isListShown(list, search);
    return (
      <button type="button" className={mergeClasses(styles.count, shown && styles.countShown)} aria-current={shown ? 'true' : undefined} onClick={() => onOpen(list)}>
        {inner}
      </button>
    );
  };

  const tile = (list: StageList | null, n: number | null, words: string, detailWords: string | null): ReactNode => {
    const shown = list !== null && isListShown(list, search);
    // The list the walk-through follows now is said in words as well as by its border.
    const detail = shown ? [detailWords, 'the list walked through now'].filter((d) => d !== null).join(' · ') : detailWords;
    const body = (
      <>
        <span className={styles.tileNumber}>{n === null ? '–' : n}</span>{' '}
        <span className={styles.tileWords}>
          {words}
          {detail !== null && <span className={styles.tileDetail}>{` ${detail}`}</span>}
        </span>
      </>
    );
    if (list === null || n === null || n === 0) return <div className={styles.tile}>{body}</div>;
    return (
      <button type="button" className={mergeClasses(styles.tile, styles.tileButton, shown && styles.countShown)} aria-current={shown ? 'true' : undefined} onClick={() => onOpen(list)}>
        {body}
      </button>
    );
  };

  const { dueBy } = overview;
  const dueWordsText =
    dueBy.meeting !== null
      ? `due before the next meeting (${formatDate(dueBy.day)})`
      : `due in the next ${DUE_SOON_DAYS} days (by ${formatDate(dueBy.day)}): no next meeting is set`;

  let changedTile: ReactNode;
  if (comparison === null) changedTile = tile(null, null, 'No meeting dates yet, so there is no “since the last meeting” to count from', null);
  else if (changes.state.status === 'ready') {
    const c = countChanges(actions, changes.byAction);
    const detail = [
      plural(c.newUpdates, 'new update', 'new updates'),
      plural(c.ragChanged, 'RAG changed', 'RAGs changed'),
      plural(c.timescaleMoved, 'timescale moved', 'timescales moved'),
      `${c.newlyOverdue} newly overdue`,
      `${c.completed} completed`,
    ].join(' · ');
    changedTile = tile({ kind: 'changed' }, c.actionsChanged, `changed ${sinceWords(comparison)}`, detail);
  } else if (changes.state.status === 'error') changedTile = tile(null, null, `What changed ${sinceWords(comparison)} could not be read: ${changes.state.error.message}`, null);
  else changedTile = tile(null, null, `Reading what changed ${sinceWords(comparison)}…`, null);

  return (
    <section className={styles.overview} aria-labelledby="stage-overview">
      <div className={styles.overviewHead}>
        <h2 id="stage-overview" className={styles.overviewTitle}>
          Overview
        </h2>
        <p className={styles.overviewFacts}>
          {plural(overview.total, 'action', 'actions')} · today {formatDate(today)} · {lastMeeting === null ? 'no earlier meeting' : `last meeting ${formatDate(lastMeeting.date)}`} ·{' '}
          {dueBy.meeting === null ? 'no next meeting set' : `next meeting ${formatDate(dueBy.meeting.date)}`}
        </p>
      </div>
      <div className={styles.ragTableBox} role="region" aria-label="RAG by section">
        <table className={styles.ragTable}>
          <caption>RAG by section</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              {RAG_COLUMNS.map((c) => (
                <th key={c} scope="col" className={styles.countCell}>
                  {c}
                  {COLUMN_NOTES[c] !== null && <span className={styles.columnNote}>{` ${COLUMN_NOTES[c]}`}</span>}
                </th>
              ))}
              <th scope="col" className={styles.countCell}>
                All
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.sections.map((row) => {
              const name = sectionName(row.section);
              return (
                <tr key={row.section.id}>
                  <th scope="row">{name}</th>
                  {RAG_COLUMNS.map((c) => (
                    <td key={c} className={styles.countCell}>
                      {count({ kind: 'section-rag', section: row.param, column: c }, row.counts[c], c, `in ${name}`)}
                    </td>
                  ))}
                  <td className={styles.countCell}>{count({ kind: 'section', section: row.param }, row.total, row.total === 1 ? 'action' : 'actions', `in ${name}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className={styles.tiles} role="region" aria-label="Counts to walk through">
        {tile({ kind: 'overdue' }, overview.overdue, 'overdue', null)}
        {tile({ kind: 'due-by', day: dueBy.day }, dueBy.count, dueWordsText, 'open and not yet late')}
        {changedTile}
        {tile({ kind: 'all' }, overview.total, 'actions in the plan: walk through them all', null)}
      </div>
    </section>
  );
}
