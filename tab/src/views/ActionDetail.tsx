import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionWithUpdates, Plan } from '../../../src/plan/plan.js';
import type { Update } from '../../../src/plan/update.js';
import type { ApiError } from '../api/api-error.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { timescaleNote } from '../format/timescale-text.js';
import { newestFirst } from '../plan/update-order.js';
import { asApiError } from '../plan/use-plan-data.js';
import { useActionDetailStyles } from './ActionDetail.styles.js';
import { canEdit } from './detail/edit-permission.js';
import { FieldChangeForm } from './detail/FieldChangeForm.js';
import { UpdateForm } from './detail/UpdateForm.js';
import { RagBadge } from './RagBadge.js';

export interface ActionDetailProps {
  planId: string;
  actionRef: string;
  plan: Pick<Plan, 'owner' | 'title'>;
  today: DateOnly;
  onClose: () => void;
  onChanged: (action: ActionWithUpdates) => void;
}

type Loaded = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; action: ActionWithUpdates };

const ORIGIN: Record<Update['origin'], string> = {
  import: 'from the plan document',
  card: 'from a Teams reminder card',
  chat: 'from a Teams chat reply',
  tab: 'from the plan tab',
};

function HistoryEntry({ update }: { update: Update }) {
  const styles = useActionDetailStyles();
  return (
    <li className={styles.entry}>
      <div className={styles.entryHead}>
        <span className={styles.entryDate}>{update.date ? formatDate(update.date) : 'undated'}</span>
        {update.author && <span>{update.author}</span>}
        <span>{ORIGIN[update.origin]}</span>
        {update.ragAfter && (
          <span>
            RAG set to <RagBadge rag={update.ragAfter} size="small" />
          </span>
        )}
        {update.timescaleAfter && <span>timescale set to “{update.timescaleAfter}”</span>}
      </div>
      <p className={styles.entryText}>{update.text}</p>
    </li>
  );
}

/** One action in full, over the plan view, at its own URL: everything known about it, its history, and the forms. */
export default function ActionDetail({ planId, actionRef, plan, onClose, onChanged }: ActionDetailProps) {
  const styles = useActionDetailStyles();
  const { api, host } = useTab();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

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
  const history = useMemo(() => (loaded.status === 'ready' ? newestFirst(loaded.action.updates) : []), [loaded]);

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface}>
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
            {loaded.status === 'ready' && (
              <>
                <div className={styles.lead}>
                  <RagBadge rag={loaded.action.rag} size="large" />
                  {loaded.action.ragNote && <span className={styles.note}>{loaded.action.ragNote}</span>}
                </div>
                <p className={styles.text}>{loaded.action.text}</p>
                <dl className={styles.facts}>
                  <dt className={styles.term}>Outcome</dt>
                  <dd className={styles.value}>{loaded.action.outcome || '—'}</dd>
                  <dt className={styles.term}>Leads</dt>
                  <dd className={styles.value}>
                    {loaded.action.leadsText || 'none named'}
                    {loaded.action.leads.length > 0 && (
                      <span className={styles.note}>
                        Read as: {loaded.action.leads.map((l) => `${l.name}${l.role ? ` (${l.role})` : ''}, ${l.kind}`).join('; ')}
                      </span>
                    )}
                  </dd>
                  <dt className={styles.term}>Timescale</dt>
                  <dd className={styles.value}>
                    {loaded.action.timescale.asWritten || 'none written'}
                    {timescaleNote(loaded.action.timescale) && <span className={styles.note}>{timescaleNote(loaded.action.timescale)}</span>}
                    {loaded.action.timescale.flag && (
                      <span className={styles.flag}>
                        Check: {loaded.action.timescale.flag.message}
                        {loaded.action.timescale.flag.suggestion && ` (perhaps “${loaded.action.timescale.flag.suggestion}”)`}
                      </span>
                    )}
                  </dd>
                  <dt className={styles.term}>Sources</dt>
                  <dd className={styles.value}>{loaded.action.sources.length > 0 ? loaded.action.sources.join('; ') : '—'}</dd>
                  {loaded.action.markers.length > 0 && (
                    <>
                      <dt className={styles.term}>Marked</dt>
                      <dd className={styles.value}>{loaded.action.markers.join(', ')}</dd>
                    </>
                  )}
                  {loaded.action.duplicateOf && (
                    <>
                      <dt className={styles.term}>Duplicates</dt>
                      <dd className={styles.value}>action {loaded.action.duplicateOf}</dd>
                    </>
                  )}
                  <dt className={styles.term}>Last updated</dt>
                  <dd className={styles.value}>{loaded.action.lastUpdated ? formatDate(loaded.action.lastUpdated) : 'never'}</dd>
                </dl>
                <section aria-labelledby="history-heading">
                  <h3 id="history-heading" className={styles.sectionHeading}>
                    Update history ({history.length}), newest first
                  </h3>
                  {history.length === 0 ? (
                    <p>No updates yet.</p>
                  ) : (
                    <ol className={styles.history} aria-label="Update history">
                      {history.map((update) => (
                        <HistoryEntry key={update.id} update={update} />
                      ))}
                    </ol>
                  )}
                </section>
                {canEdit(host, { owner: plan.owner }, loaded.action) ? (
                  <>
                    <UpdateForm planId={planId} action={loaded.action} onRecorded={changed} onReload={reload} />
                    <FieldChangeForm planId={planId} action={loaded.action} onChanged={changed} onReload={reload} />
                  </>
                ) : (
                  <p className={styles.note}>Only this action's leads and the plan owner can record updates here.</p>
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
