import { mergeClasses } from '@fluentui/react-components';
import { RAG_VALUES } from '../../../src/plan/rag.js';
import type { PlanSummaryCounts } from '../plan/plan-summary.js';
import { RagBadge } from './RagBadge.js';
import { useSummaryBarStyles } from './SummaryBar.styles.js';

export interface SummaryBarProps {
  counts: PlanSummaryCounts;
  planTotal: number;
  staleAfterDays: number;
}

export function SummaryBar({ counts, planTotal, staleAfterDays }: SummaryBarProps) {
  const styles = useSummaryBarStyles();
  return (
    <section className={styles.root} aria-label="Summary">
      <span className={styles.shown} aria-live="polite">
        {counts.total === planTotal ? `${planTotal} actions` : `Showing ${counts.total} of ${planTotal} actions`}
      </span>
      <dl className={styles.list}>
        {RAG_VALUES.map((rag) => (
          <div key={rag} className={styles.item}>
            <dt>
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
          <dt className={styles.term}>Due in 30 days</dt>
          <dd className={styles.value}>{counts.dueSoon}</dd>
        </div>
        <div className={styles.item}>
          <dt className={styles.term}>No update for {staleAfterDays} days</dt>
          <dd className={styles.value}>{counts.stale}</dd>
        </div>
      </dl>
    </section>
  );
}
