import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  mergeClasses,
  Spinner,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isClosed } from '../../../src/plan/action-closed.js';
import { pendingRequests } from '../../../src/plan/action-history.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionWithUpdates, Plan } from '../../../src/plan/plan.js';
import type { ApiError } from '../api/api-error.js';
import type { PlanStanding } from '../api/plan-api.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { dueWords } from '../format/timescale-text.js';
import { timelineLines, type TimelineLine } from '../plan/timeline-lines.js';
import { asApiError } from '../plan/use-plan-data.js';
import { useActionDetailStyles } from './ActionDetail.styles.js';
import { CompleteForm } from './detail/CompleteForm.js';
import { canEdit } from './detail/edit-permission.js';
import { FieldChangeForm } from './detail/FieldChangeForm.js';
import { PendingRequests } from './detail/PendingRequests.js';
import { TimescaleRequestForm } from './detail/TimescaleRequestForm.js';
import { UpdateForm } from './detail/UpdateForm.js';
import { RagBadge } from './RagBadge.js';

export interface ActionDetailProps {
  planId: string;
  actionRef: string;
  plan: Pick<Plan, 'owner' | 'title' | 'meetings' | 'versionRecord'>;
  /** What the person may decide: the owner answers requests; a lead where the owner approves proposes and asks. */
  you: PlanStanding;
  today: DateOnly;
  onClose: () => void;
  onChanged: (action: ActionWithUpdates) => void;
}

type Loaded = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; action: ActionWithUpdates };

/** One line of the record: an update with who, where and its text; or a change, request or answer in the domain's words. */
function TimelineEntry({ line }: { line: TimelineLine }) {
  const styles = useActionDetailStyles();
  if (line.kind === 'history') {
    return (
      <li className={mergeClasses(styles.entry, styles.change)}>
        <div className={styles.entryHead}>
          <span className={styles.entryDate}>{line.date}</span>
        </div>
        <p className={styles.entryText}>{line.text}</p>
      </li>
    );
  }
  return (
    <li className={styles.entry}>
      <div className={styles.entryHead}>
        <span className={styles.entryDate}>{line.date}</span>
        {line.who && <span>{line.who}</span>}
        {line.recorded && <span>{line.recorded}</span>}
        {line.set && <span>{line.set}</span>}
      </div>
      <p className={styles.entryText}>{line.text}</p>
    </li>
  );
}

/** One action in full, over the plan view, at its own URL: everything known about it, its record, what waits for the owner, and the forms. */
export default function ActionDetail({ planId, actionRef, plan, you, today, onClose, onChanged }: ActionDetailProps) {
  const styles = useActionDetailStyles();
  const { api, host } = useTab();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [answered, setAnswered] = useState('');
  const surface = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setLoaded((current) => (current.status === 'ready' && current.action.ref === actionRef ? current : { status: 'loading' }));
    api.getAction(planId, actionRef).then(
      (action) => live && setLoaded({ status: 'ready', action }),
      (error: unknown) => live && setLoaded({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, planId, actionRef, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const changed = useCallback(
    (action: ActionWithUpdates) => {
      setLoaded({ status: 'ready', action });
      onChanged(action);
    },
    [onChanged],
  );
  const lines = useMemo(() => (loaded.status === 'ready' ? timelineLines(loaded.action) : []), [loaded]);

  // A form that is done goes (Mark complete once closed, the owner's answer once given), and focus
  // with it: bring it back into the dialog, so the keyboard (Tab, Escape) carries on from there.
  useEffect(() => {
    const dialog = surface.current;
    if (dialog !== null && !dialog.contains(document.activeElement)) dialog.focus();
  }, [loaded]);

  let body = null;
  if (loaded.status === 'ready') {
    const action = loaded.action;
    const due = dueWords(action, today);
    const pending = pendingRequests(action.history);
    const editor = canEdit(host, { owner: plan.owner }, action);
    const open = !isClosed(action);
    body = (
      <>
        <div className={styles.lead}>
          <RagBadge rag={action.rag} size="large" />
          {action.ragNote && <span className={styles.note}>{action.ragNote}</span>}
          {due.late && <span className={mergeClasses(styles.late, due.lateness.state === 'overdue' && styles.overdue)}>{due.late}</span>}
        </div>
        <PendingRequests planId={planId} plan={plan} you={you} action={action} onChanged={changed} onReload={reload} onAnswered={setAnswered} />
        <p role="status" className={styles.status}>
          {answered}
        </p>
        <p className={styles.text}>{action.text}</p>
        <dl className={styles.facts}>
          <dt className={styles.term}>Outcome</dt>
          <dd className={styles.value}>{action.outcome || '—'}</dd>
          <dt className={styles.term}>Leads</dt>
          <dd className={styles.value}>
            {action.leadsText || 'none named'}
            {action.leads.length > 0 && (
              <span className={styles.note}>Read as: {action.leads.map((l) => `${l.name}${l.role ? ` (${l.role})` : ''}, ${l.kind}`).join('; ')}</span>
            )}
          </dd>
          <dt className={styles.term}>Timescale</dt>
          <dd className={styles.value}>
            {action.timescale.asWritten || 'none written'}
            {due.reading && <span className={styles.note}>{due.reading}</span>}
            {action.timescale.flag && (
              <span className={styles.flag}>
                Check: {action.timescale.flag.message}
                {action.timescale.flag.suggestion && ` (perhaps “${action.timescale.flag.suggestion}”)`}
              </span>
            )}
          </dd>
          <dt className={styles.term}>Sources</dt>
          <dd className={styles.value}>{action.sources.length > 0 ? action.sources.join('; ') : '—'}</dd>
          {action.markers.length > 0 && (
            <>
              <dt className={styles.term}>Marked</dt>
              <dd className={styles.value}>{action.markers.join(', ')}</dd>
            </>
          )}
          {action.duplicateOf && (
            <>
              <dt className={styles.term}>Duplicates</dt>
              <dd className={styles.value}>action {action.duplicateOf}</dd>
            </>
          )}
          <dt className={styles.term}>Last updated</dt>
          <dd className={styles.value}>{action.lastUpdated ? formatDate(action.lastUpdated) : 'never'}</dd>
        </dl>
        <section aria-labelledby="history-heading">
          <h3 id="history-heading" className={styles.sectionHeading}>
            History ({lines.length}), newest first
          </h3>
          {lines.length === 0 ? (
            <p>Nothing recorded yet.</p>
          ) : (
            <ol className={styles.history} aria-label="History">
              {lines.map((line) => (
                <TimelineEntry key={line.key} line={line} />
              ))}
            </ol>
          )}
        </section>
        {editor ? (
          <>
            <UpdateForm planId={planId} plan={plan} you={you} today={today} action={action} onRecorded={changed} onReload={reload} />
            {open && pending.completion === null && <CompleteForm planId={planId} plan={plan} you={you} action={action} onChanged={changed} onReload={reload} />}
            <FieldChangeForm planId={planId} plan={plan} you={you} action={action} onChanged={changed} onReload={reload} />
            {!you.mayDecide && pending.timescale === null && <TimescaleRequestForm planId={planId} plan={plan} action={action} onChanged={changed} onReload={reload} />}
          </>
        ) : (
          <p className={styles.note}>Only this action's leads and the plan owner can record updates here.</p>
        )}
      </>
    );
  }

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface ref={surface} className={styles.surface}>
        <DialogBody>
          <DialogTitle>Action {actionRef}</DialogTitle>
          <DialogContent className={styles.content}>
            {loaded.status === 'loading' && <Spinner label="Loading the action…" />}
            {loaded.status === 'error' &&
              (loaded.error.kind === 'not-found' ? (
                <p role="alert">This plan has no action {actionRef}. The link may be out of date.</p>
              ) : (
                <div role="alert">
                  <p>The action could not be loaded: {loaded.error.message}</p>
                  <Button onClick={reload}>Try again</Button>
                </div>
              ))}
            {body}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
