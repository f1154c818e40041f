import { Checkbox, Field, Input, Link, makeStyles, Select, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlanSummary } from '../../../src/plan/plan.js';
import type { ApiError } from '../api/api-error.js';
import { basePath } from '../app/navigation.js';
import { useTab } from '../app/tab-context.js';
import type { TabInstanceSettings } from '../host/tab-host.js';
import { buildPlanIndex, leadNames } from '../plan/plan-index.js';
import { EMPTY_FILTER, type TabFilter } from '../plan/tab-filter.js';
import { tabSettings } from '../plan/tab-settings.js';
import { asApiError } from '../plan/use-plan-data.js';
import { ErrorPage } from './StatusPage.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: '36rem',
    overflowY: 'auto',
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
  url: { overflowWrap: 'anywhere' },
  // A native select is as wide as its longest option (a plan's title) unless told otherwise.
  control: { width: '100%', minWidth: 0 },
});

const RAG_CHOICES: { value: string; label: string; rag: TabFilter['rag'] }[] = [
  { value: '', label: 'Any RAG', rag: [] },
  { value: 'Red,Amber', label: 'Red and amber', rag: ['Red', 'Amber'] },
  { value: 'Red', label: 'Red', rag: ['Red'] },
  { value: 'Red,Amber,Green,Not set', label: 'All but complete', rag: ['Red', 'Amber', 'Green', 'Not set'] },
];

type Plans = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; plans: PlanSummary[] };

/** The configuration page of a channel or meeting tab: which plan, and which view of it. */
export default function ConfigPage(_props: { search: string }) {
  const styles = useStyles();
  const { api, host } = useTab();
  const [plans, setPlans] = useState<Plans>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [planId, setPlanId] = useState('');
  const [lead, setLead] = useState('');
  const [ragKey, setRagKey] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [name, setName] = useState('');
  const [leads, setLeads] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api.listPlans().then(
      (list) => {
        if (!live) return;
        setPlans({ status: 'ready', plans: list });
        if (list.length === 1) setPlanId(list[0]!.id);
      },
      (error: unknown) => live && setPlans({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  useEffect(() => {
    setLead('');
    setLeads([]);
    if (planId === '') return;
    let live = true;
    Promise.all([api.getPlan(planId), api.listActions(planId)]).then(
      ([envelope, actions]) => live && setLeads(leadNames(buildPlanIndex(actions, envelope.sections))),
      () => live && setLeads([]),
    );
    return () => {
      live = false;
    };
  }, [api, planId]);

  const chosen = plans.status === 'ready' ? plans.plans.find((p) => p.id === planId) : undefined;
  const settings = useMemo<TabInstanceSettings | null>(() => {
    if (!chosen) return null;
    const filter: TabFilter = { ...EMPTY_FILTER, lead, overdue, rag: RAG_CHOICES.find((c) => c.value === ragKey)?.rag ?? [] };
    return tabSettings({ origin: window.location.origin, basePath: basePath(), planId: chosen.id, planTitle: chosen.title, filter, name });
  }, [chosen, lead, overdue, ragKey, name]);

  // Teams asks for the settings when the person presses Save; the latest choice is what it gets.
  const latest = useRef(settings);
  latest.current = settings;
  useEffect(() => {
    host.config?.onSave(() => {
      if (latest.current === null) throw new Error('Choose a plan first.');
      return latest.current;
    });
  }, [host]);
  useEffect(() => {
    host.config?.setValidity(settings !== null);
  }, [host, settings]);

  if (plans.status === 'loading') return <Spinner label="Loading plans…" />;
  if (plans.status === 'error') return <ErrorPage error={plans.error} onRetry={() => setAttempt((n) => n + 1)} />;
  return (
    <main className={styles.root} aria-labelledby="config-heading">
      <h1 id="config-heading" className={styles.heading}>
        Set up the plan tab
      </h1>
      <p className={styles.note}>Choose the plan this tab shows, and the view it opens with. Anyone can still change the filters in the tab.</p>
      <Field label="Plan" required validationMessage={plans.plans.length === 0 ? 'No plans yet: import one first.' : undefined}>
        <Select className={styles.control} value={planId} onChange={(_, d) => setPlanId(d.value)}>
          <option value="">Choose a plan</option>
          {plans.plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Lead">
        <Select className={styles.control} value={lead} disabled={planId === ''} onChange={(_, d) => setLead(d.value)}>
          <option value="">All leads</option>
          {leads.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="RAG">
        <Select className={styles.control} value={ragKey} onChange={(_, d) => setRagKey(d.value)}>
          {RAG_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      <Checkbox label="Overdue only" checked={overdue} onChange={(_, d) => setOverdue(d.checked === true)} />
      <Field label="Tab name" hint="Shown on the tab in Teams; the plan's title when empty.">
        <Input className={styles.control} value={name} maxLength={128} onChange={(_, d) => setName(d.value)} />
      </Field>
      {settings !== null && (
        <p className={styles.note}>
          {host.config !== null ? 'Select Save to add the tab. It opens: ' : 'Outside Teams there is nothing to save; this link opens the same view: '}
          <Link className={styles.url} href={settings.contentUrl}>
            {settings.contentUrl.slice(window.location.origin.length)}
          </Link>
        </p>
      )}
    </main>
  );
}
