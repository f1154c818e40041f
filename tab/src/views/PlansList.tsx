import { Link, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { PlanSummary } from '../../../src/plan/plan.js';
import { RAG_VALUES } from '../../../src/plan/rag.js';
import type { ApiError } from '../api/api-error.js';
import { hrefOf, navigate } from '../app/navigation.js';
import { routePath } from '../app/routes.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { asApiError } from '../plan/use-plan-data.js';
import { RagBadge } from './RagBadge.js';
import { ErrorPage } from './StatusPage.js';

const useStyles = makeStyles({
  root: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`, overflowY: 'auto' },
  heading: { margin: `0 0 ${tokens.spacingVerticalM}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  plan: {
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  importLink: { display: 'inline-block', marginBottom: tokens.spacingVerticalM },
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', color: tokens.colorNeutralForeground2 },
});

type Loaded = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; plans: PlanSummary[] };

export function PlansList({ search }: { search: string }) {
  const styles = useStyles();
  const { api } = useTab();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api.listPlans().then(
      (plans) => live && setLoaded({ status: 'ready', plans }),
      (error: unknown) => live && setLoaded({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  if (loaded.status === 'loading') return <Spinner label="Loading plans…" />;
  if (loaded.status === 'error') return <ErrorPage error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />;
  // Keep only the theme and mode: a filter belongs to one plan.
  const keep = new URLSearchParams([...new URLSearchParams(search)].filter(([k]) => k === 'theme' || k === 'local')).toString();
  return (
    <main className={styles.root} aria-labelledby="plans-heading">
      <h1 id="plans-heading" className={styles.heading}>
        Action plans
      </h1>
      <Link
        className={styles.importLink}
        href={hrefOf(routePath({ view: 'import', planId: null }), keep)}
        onClick={(e) => {
          e.preventDefault();
          navigate(routePath({ view: 'import', planId: null }), keep);
        }}
      >
        Import a plan
      </Link>
      {loaded.plans.length === 0 ? (
        <p>No plans yet. Import the board’s Word or Excel plan.</p>
      ) : (
        <ul className={styles.list}>
          {loaded.plans.map((plan) => {
            const path = routePath({ view: 'plan', planId: plan.id, ref: null });
            return (
              <li key={plan.id} className={styles.plan}>
                <Link
                  className={styles.title}
                  href={hrefOf(path, keep)}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(path, keep);
                  }}
                >
                  {plan.title}
                </Link>
                <span className={styles.counts}>
                  {plan.actionCount} actions in {plan.sectionCount} sections
                  {RAG_VALUES.filter((r) => (plan.ragCounts[r] ?? 0) > 0).map((r) => (
                    <span key={r}>
                      <RagBadge rag={r} size="small" /> {plan.ragCounts[r]}
                    </span>
                  ))}
                  {plan.lastUpdated && <span>last update {formatDate(plan.lastUpdated)}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
