import { Button, mergeClasses } from '@fluentui/react-components';
import { useState } from 'react';
import type { ChangeCounts } from '../../../src/plan/changes-since.js';
import { RAG_VALUES } from '../../../src/plan/rag.js';
import { DUE_SOON_DAYS, type PlanSummaryCounts } from '../plan/plan-summary.js';
import { RagBadge } from './RagBadge.js';
import { useSummaryBarStyles } from './SummaryBar.styles.js';

/** What changed since the day the tab compares with, counted over the actions shown. */
export type ChangeSummary =
  | { status: 'none' }
  | { status: 'loading' | 'failed'; words: string; message?: string }
  | { status: 'ready'; words: string; /** "since 15 May 2013", for the one line of a side panel. */ short: string; counts: ChangeCounts };

export interface SummaryBarProps {
  counts: PlanSummaryCounts;
  planTotal: number;
  staleAfterDays: number;
  changes: ChangeSummary;
}

const CHANGE_TERMS: { key: keyof ChangeCounts; term: string }[] = [
  { key: 'actionsChanged', term: 'Actions changed' },
  { key: 'newUpdates', term: 'New updates' },
  { key: 'ragChanged', term: 'RAG changed' },
  { key: 'timescaleMoved', term: 'Timescale moved' },
  { key: 'newlyOverdue', term: 'Newly overdue' },
  { key: 'completed', term: 'Completed' },
];

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function SummaryBar({ counts, planTotal, staleAfterDays, changes }: SummaryBarProps) {
  const styles = useSummaryBarStyles();
  // A meeting side panel shows one line and the rest on request, so the list stays in view.
  const [expanded, setExpanded] = useState(false);
  const shown = counts.total === planTotal ? `${planTotal} actions` : `Showing ${counts.total} of ${planTotal} actions`;
  const since = changes.status === 'ready' ? `${changes.counts.actionsChanged} changed ${changes.short}` : changes.status === 'none' ? 'no meeting dates yet' : null;
  const compact = [shown, `${counts.overdue} overdue`, since].filter((p) => p !== null).join(' · ');
  return (
    <section className={styles.root} aria-label="Summary">
      <div className={styles.compact}>
        <span aria-live="polite">{compact}</span>
        <Button size="small" appearance="subtle" aria-expanded={expanded} aria-controls="summary-details" onClick={() => setExpanded((v) => !v)}>
          {expanded ? 'Hide details' : 'Details'}
        </Button>
      </div>
      <div id="summary-details" className={mergeClasses(styles.details, expanded && styles.detailsOpen)}>
        <div className={styles.line}>
          <span className={styles.shown} aria-live="polite">
            {shown}
          </span>
          <dl className={styles.list}>
            {RAG_VALUES.map((rag) => (
              <div key={rag} className={styles.item}>
                <dt className={styles.badge}>
                  <RagBadge rag={rag} size="small" />
                </dt>
                <dd className={styles.value}>{counts.byRag[rag]}</dd>
              </div>
            ))}
            <div className={styles.item}>
              <dt className={styles.term}>Overdue</dt>
              <dd className={mergeClasses(styles.value, counts.overdue > 0 && styles.warn)}>{counts.overdue}</dd>
            </div>
            <div className={styles.item}>
              <dt className={styles.term}>Due in {DUE_SOON_DAYS} days</dt>
              <dd className={styles.value}>{counts.dueSoon}</dd>
            </div>
            <div className={styles.item}>
              <dt className={styles.term}>No update for {staleAfterDays} days</dt>
              <dd className={styles.value}>{counts.stale}</dd>
            </div>
          </dl>
        </div>
        {changes.status === 'none' && <p className={styles.hint}>No meeting dates yet: add the last meeting under Meetings to see what changed since.</p>}
        {changes.status === 'loading' && <p className={styles.hint}>{capital(changes.words)}: finding what changed…</p>}
        {changes.status === 'ready' && (
          <div className={styles.line} role="group" aria-label={capital(changes.words)}>
            <span className={styles.since}>{capital(changes.words)}</span>
            <dl className={styles.list}>
              {CHANGE_TERMS.map(({ key, term }) => (
                <div key={key} className={styles.item}>
                  <dt className={styles.term}>{term}</dt>
                  <dd className={mergeClasses(styles.value, key === 'newlyOverdue' && changes.counts.newlyOverdue > 0 && styles.warn)}>{changes.counts[key]}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>
      {changes.status === 'failed' && (
        <p className={styles.hint} role="alert">
          {capital(changes.words)}: what changed could not be loaded. {changes.message}
        </p>
      )}
    </section>
  );
}
