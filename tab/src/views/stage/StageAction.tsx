import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../../src/plan/changes-since.js';
import type { ActionView, ActionWithUpdates } from '../../../../src/plan/plan.js';
import { formatDate } from '../../format/dates.js';
import { dueWords } from '../../format/timescale-text.js';
import { changeNotes, sinceWords, type Comparison } from '../../plan/change-notes.js';
import { timelineLines } from '../../plan/timeline-lines.js';
import { RagBadge } from '../RagBadge.js';
import { useStageStyles } from '../StageView.styles.js';

export interface StageActionProps {
  action: ActionView;
  /** The action's section in words ("Priority 2: Awareness"), or null when the plan has none for it. */
  section: string | null;
  /** The whole action with its record, once loaded. */
  detail: ActionWithUpdates | null;
  comparison: Comparison | null;
  /** What changed on it since the day compared with (GET .../changes), or null for nothing. */
  change: ActionChanges | null;
  changesKnown: boolean;
  today: DateOnly;
  /** Shown though it left the list the stage walks through (a minute changed it). */
  held: boolean;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const quoted = (text: string): string => `“${text || '(blank)'}”`;

/**
 * One action on the stage: on the left what it is (ref, RAG, section, its words and outcome), on the
 * right where it stands (leads, timescale, what changed since the last meeting, its record). Each
 * side scrolls on its own, so the longest action still leaves the navigation in view.
 */
export function StageAction({ action, section, detail, comparison, change, changesKnown, today, held }: StageActionProps) {
  const styles = useStageStyles();
  const due = dueWords(action, today);
  const reading = [due.reading, due.late].filter((p) => p !== null).join(', ');
  const notes = change === null ? [] : changeNotes(change);
  // The same entries as the detail's history, only those since the day compared with.
  const since = comparison === null || detail === null ? [] : timelineLines(detail, { since: comparison.since });
  const latest = action.latestUpdate;
  const flag = action.timescale.flag;
  return (
    <>
      <div className={styles.column}>
        <div className={styles.head}>
          <h2 id="stage-ref" className={styles.ref}>
            {action.ref}
          </h2>
          <span className={styles.rag}>
            <RagBadge rag={action.rag} size="extra-large" />
          </span>
          {change?.rag && (
            <span className={styles.ragWas}>
              was {change.rag.was}, now {change.rag.now}
            </span>
          )}
        </div>
        {section !== null && <p className={styles.sectionName}>{section}</p>}
        {held && <p className={styles.sectionName}>No longer in this list since it changed; kept on the stage while it is discussed.</p>}
        <div className={styles.words} tabIndex={0} role="region" aria-label={`Action ${action.ref}`} data-part="action-text">
          <p className={styles.text}>{action.text}</p>
          {action.outcome.trim() !== '' && (
            <p className={styles.outcome}>
              <span className={styles.outcomeTerm}>Outcome: </span>
              {action.outcome}
            </p>
          )}
        </div>
      </div>
      <div className={styles.side} tabIndex={0} role="region" aria-label={`Where ${action.ref} stands`} data-part="action-side">
        {comparison !== null && changesKnown && (
          <p className={styles.changed}>
            {notes.length > 0 ? `${capital(sinceWords(comparison))}: ${notes.join(' · ')}` : `No change ${sinceWords(comparison)}`}
          </p>
        )}
        <dl className={styles.facts}>
          <dt className={styles.term}>Leads</dt>
          <dd className={styles.value}>{action.leadsText || 'none named'}</dd>
          <dt className={styles.term}>Timescale</dt>
          <dd className={styles.value}>
            <span>
              {action.timescale.asWritten || 'none written'}
              {reading && <span className={due.lateness.state === 'overdue' ? styles.overdue : undefined}> ({reading})</span>}
            </span>
            {/* The list's flag, in the list's words: a year far from the plan's is kept as written and said. */}
            {flag && <span className={styles.flag}>Check: {flag.message}</span>}
            {change?.timescale && (
              <span className={styles.wasNow}>
                {capital(comparison === null ? 'since the last meeting' : sinceWords(comparison))}: was {quoted(change.timescale.was)}, now {quoted(change.timescale.now)}
              </span>
            )}
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
      </div>
    </>
  );
}
