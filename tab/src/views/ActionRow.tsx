import { mergeClasses } from '@fluentui/react-components';
import { Fragment, memo } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { formatDate } from '../format/dates.js';
import { dueWords } from '../format/timescale-text.js';
import { changeNotes } from '../plan/change-notes.js';
import { useActionListStyles } from './ActionList.styles.js';
import { RagBadge } from './RagBadge.js';

export interface ActionRowProps {
  action: ActionView;
  today: DateOnly;
  href: string;
  onOpen: (ref: string) => void;
  /** Where the virtualised list places the row, and its position among all rows (header first). */
  top: number;
  height: number;
  rowIndex: number;
  /** Column layout: the column headers name the cells. Stacked (side panel): each cell says what it is. */
  wide: boolean;
  /** "Since 12 Feb 2018" when the list compares with a day (the last meeting); null for no such column. */
  since: string | null;
  /** What changed on the action since that day, or null for nothing. */
  change: ActionChanges | null;
}

/** A row shows at most four lines of a cell; the browser need not lay out the rest of a long update. */
const ROW_TEXT_LIMIT = 400;
const clip = (text: string): string => (text.length > ROW_TEXT_LIMIT ? `${text.slice(0, ROW_TEXT_LIMIT)}…` : text);

/**
 * One action in the list: what a group reads out in a meeting. People's text is rendered as text.
 * A row is rendered thousands of times as people filter, so it stays light: plain elements, no
 * Fluent component but the RAG badge.
 */
export const ActionRow = memo(function ActionRow({ action, today, href, onOpen, top, height, rowIndex, wide, since, change }: ActionRowProps) {
  const styles = useActionListStyles();
  const due = dueWords(action, today);
  const overdue = due.lateness.state === 'overdue';
  const latest = action.latestUpdate;
  const reading = [due.reading, due.late].filter((part) => part !== null).join(' · ');
  const notes = change === null ? [] : changeNotes(change);
  const label = (text: string) => (wide ? null : <span className={styles.label}>{text}</span>);
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      data-ref={action.ref}
      className={mergeClasses(styles.item, styles.row, since !== null && styles.rowSince, notes.length > 0 && styles.rowChanged)}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={(e) => {
        // The ref link handles its own clicks; a click elsewhere on the row opens the action too.
        if ((e.target as HTMLElement).closest('a') === null) onOpen(action.ref);
      }}
    >
      <div role="cell" className={mergeClasses(styles.cell, styles.refCell)}>
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
      <div role="cell" className={mergeClasses(styles.cell, styles.text)}>
        {clip(action.text)}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.leads)}>
        {label('Leads:')}
        {action.leadsText || <span className={styles.muted}>none named</span>}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.time)}>
        {label('Timescale:')}
        <span className={styles.written}>{action.timescale.asWritten || <span className={styles.muted}>none written</span>}</span>
        {reading && <span className={mergeClasses(styles.due, overdue && styles.overdue)}>{reading}</span>}
        {action.timescale.flag && <span className={styles.flag}>Check: {action.timescale.flag.message}</span>}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.ragCell)}>
        <RagBadge rag={action.rag} />
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.update)}>
        {label('Latest update:')}
        {latest ? (
          <>
            <span className={styles.updateDate}>{latest.date ? formatDate(latest.date) : 'undated'}</span>
            {clip(latest.text)}
          </>
        ) : (
          <span className={styles.muted}>no update yet</span>
        )}
      </div>
      {since !== null && (
        <div role="cell" className={mergeClasses(styles.cell, styles.since, notes.length > 0 && styles.sinceShown)} data-changes={notes.length > 0 ? 'yes' : 'no'}>
          {label(`${since}:`)}
          {notes.length === 0 ? (
            <span className={styles.muted}>no change</span>
          ) : (
            notes.map((note, i) => (
              <Fragment key={note}>
                {i > 0 && <span className={styles.sinceSeparator}> · </span>}
                <span className={mergeClasses(styles.sinceNote, note === 'newly overdue' && styles.overdue)}>{note}</span>
              </Fragment>
            ))
          )}
        </div>
      )}
    </div>
  );
});
