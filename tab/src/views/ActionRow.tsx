import { mergeClasses } from '@fluentui/react-components';
import { memo } from 'react';
import { dueDateOf } from '../../../src/plan/action-filter.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { formatDate } from '../format/dates.js';
import { dueState, timescaleNote } from '../format/timescale-text.js';
import { isClosed } from '../plan/plan-summary.js';
import { useActionListStyles } from './ActionList.styles.js';
import { RagBadge } from './RagBadge.js';

export interface ActionRowProps {
  action: ActionView;
  today: DateOnly;
  href: string;
  onOpen: (ref: string) => void;
}

/** One action in the list: what a group reads out in a meeting. People's text is rendered as text. */
export const ActionRow = memo(function ActionRow({ action, today, href, onOpen }: ActionRowProps) {
  const styles = useActionListStyles();
  const state = dueState(dueDateOf(action.timescale), today, isClosed(action));
  const latest = action.latestUpdate;
  const reading = [timescaleNote(action.timescale), state === 'overdue' ? 'overdue' : state === 'due-soon' ? 'due soon' : null]
    .filter((part) => part !== null)
    .join(' · ');
  return (
    <div
      className={styles.row}
      onClick={(e) => {
        // The ref link handles its own clicks; a click elsewhere on the row opens the action too.
        if ((e.target as HTMLElement).closest('a') === null) onOpen(action.ref);
      }}
    >
      <div className={mergeClasses(styles.cell, styles.refCell)}>
        {/* A plain link: a list row is rendered thousands of times as people filter, so it stays light. */}
        <a
          className={styles.ref}
          href={href}
          aria-label={`Action ${action.ref}`}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onOpen(action.ref);
          }}
        >
          {action.ref}
        </a>
        {action.markers.length > 0 && <span className={styles.muted}>{action.markers.join(', ')}</span>}
      </div>
      <div className={mergeClasses(styles.cell, styles.text)}>{action.text}</div>
      <div className={styles.cell}>
        <span className={styles.label}>Leads:</span>
        {action.leadsText || <span className={styles.muted}>none named</span>}
      </div>
      <div className={styles.cell}>
        <span className={styles.label}>Timescale:</span>
        {action.timescale.asWritten || <span className={styles.muted}>none written</span>}
        {reading && <span className={mergeClasses(styles.due, state === 'overdue' && styles.overdue)}>{reading}</span>}
        {action.timescale.flag && <span className={styles.flag}>Check: {action.timescale.flag.message}</span>}
      </div>
      <div className={styles.cell}>
        <span className={styles.label}>RAG:</span>
        <RagBadge rag={action.rag} />
      </div>
      <div className={mergeClasses(styles.cell)}>
        <span className={styles.label}>Latest update:</span>
        {latest ? (
          <>
            <span className={styles.muted}>{latest.date ? formatDate(latest.date) : 'undated'}</span>
            <div className={styles.update}>{latest.text}</div>
          </>
        ) : (
          <span className={styles.muted}>no update yet</span>
        )}
      </div>
    </div>
  );
});
