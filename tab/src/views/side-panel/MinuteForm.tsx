import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Spinner, Textarea } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { ActionView, ActionWithUpdates, Plan } from '../../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../../src/plan/rag.js';
import { checkUpdateText } from '../../../../src/plan/update-rules.js';
import type { ApiError } from '../../api/api-error.js';
import type { PlanStanding } from '../../api/plan-api.js';
import { useTab } from '../../app/tab-context.js';
import { formatDate } from '../../format/dates.js';
import { wouldClose } from '../../plan/timeline-lines.js';
import { asApiError } from '../../plan/use-plan-data.js';
import { completionHint, evidenceProblem, ImpactField, ruleProblem } from '../detail/record-fields.js';
import { updateTextProblem } from '../detail/update-text-check.js';
import { RagBadge } from '../RagBadge.js';
import { useSidePanelStyles } from './SidePanel.styles.js';

type MinuteKind = 'update' | 'rag' | 'timescale';

export interface MinuteFormProps {
  planId: string;
  plan: Pick<Plan, 'owner'>;
  you: PlanStanding;
  /** The meeting's day: every minute is dated with it. */
  meetingDay: DateOnly;
  /** The plan's actions, to pick one other than the stage's. */
  actions: readonly ActionView[];
  /** The action on the meeting's stage now, or null. */
  stageRef: string | null;
  /** A minute was saved: the action as it is now. */
  onSaved: (action: ActionWithUpdates) => void;
}

type Loaded = { ref: string; status: 'loading' } | { ref: string; status: 'error'; error: ApiError } | { ref: string; status: 'ready'; action: ActionWithUpdates };

const STAGE = '';
const newKey = (): string => `tab:${crypto.randomUUID()}`;

/**
 * The meeting's minutes, taken in the side panel: an update, a RAG change or an agreed new timescale
 * on the action being discussed (the stage's, or one picked), dated with the meeting. A change made
 * by someone else since the action was read is a conflict: the action is read again and what the
 * person wrote stays, to check and save again.
 */
export function MinuteForm({ planId, plan, you, meetingDay, actions, stageRef, onSaved }: MinuteFormProps) {
  const styles = useSidePanelStyles();
  const { api } = useTab();
  // Picked by the person, or pinned once they start writing: the stage moving on never moves a half-written minute.
  const [picked, setPicked] = useState<{ ref: string; byDraft: boolean } | null>(null);
  const ref = picked?.ref ?? stageRef;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [kind, setKind] = useState<MinuteKind>('update');
  const [text, setText] = useState('');
  const [rag, setRag] = useState<Rag | ''>('');
  const [timescale, setTimescale] = useState('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [evidenceMessage, setEvidenceMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState('');
  const [key, setKey] = useState(newKey);

  useEffect(() => {
    if (ref === null) return setLoaded(null);
    let live = true;
    setLoaded((current) => (current?.status === 'ready' && current.ref === ref ? current : { ref, status: 'loading' }));
    api.getAction(planId, ref).then(
      (action) => live && setLoaded({ ref, status: 'ready', action }),
      (error: unknown) => live && setLoaded({ ref, status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, planId, ref, attempt]);

  const action = loaded?.status === 'ready' && loaded.ref === ref ? loaded.action : null;
  const decides = you.mayDecide;
  const completes = action !== null && (kind === 'update' ? wouldClose(action, { rag }) : kind === 'rag' ? decides && wouldClose(action, { rag }) : decides && wouldClose(action, { timescale }));
  const ragChoices = action === null ? [] : RAG_VALUES.filter((r) => r !== action.rag && (kind === 'update' || decides || r !== 'Complete'));

  /** Writing pins the minute to the action it is about. */
  const drafting = () => {
    if (picked === null && ref !== null) setPicked({ ref, byDraft: true });
    setDone('');
  };

  function check(current: ActionWithUpdates): string | null {
    if (kind === 'update') return updateTextProblem(text);
    if (kind === 'rag') return rag === '' || rag === current.rag ? 'Choose the new RAG.' : null;
    const wanted = timescale.trim();
    if (wanted === '') return 'Write the agreed timescale, such as "June 2018".';
    if (wanted === current.timescale.asWritten.trim()) return `The timescale is already “${wanted}”.`;
    if (wanted.length > 200) return 'A timescale is at most 200 characters.';
    if (!decides && reason.trim() === '') return `Say why, for ${plan.owner ?? 'the plan owner'} to agree.`;
    return reason.trim() === '' ? null : ruleProblem(() => checkUpdateText(reason, 'reason'));
  }

  /** Sends the minute: the action as it is now, and what to say. */
  async function send(current: ActionWithUpdates): Promise<{ action: ActionWithUpdates; said: string }> {
    const base = { version: current.version, date: meetingDay, key };
    const reread = () => api.getAction(planId, current.ref);
    if (kind === 'update') {
      const result = await api.addUpdate(planId, current.ref, { ...base, text, ...(rag !== '' && { rag }), ...(completes && { evidence }) });
      if (!result.created) return { action: result.action, said: `This minute was already recorded on ${current.ref}.` };
      return {
        action: result.action,
        said: result.proposal !== null ? `Update recorded on ${current.ref}; completing it is proposed to the plan owner.` : `Update recorded on ${current.ref}.`,
      };
    }
    if (kind === 'rag' && rag !== '') {
      await api.changeAction(planId, current.ref, { ...base, rag, ...(completes && { note: evidence }) });
      return { action: await reread(), said: `RAG of ${current.ref} changed to ${rag}.` };
    }
    const wanted = timescale.trim();
    if (decides) {
      const note = completes ? evidence : reason.trim();
      await api.changeAction(planId, current.ref, { ...base, timescale: wanted, ...(note !== '' && { note }) });
      return { action: await reread(), said: `Timescale of ${current.ref} changed to “${wanted}”.` };
    }
    const answer = await api.requestTimescale(planId, current.ref, { ...base, timescale: wanted, reason });
    return {
      action: await reread(),
      said: answer.outcome === 'changed' ? `Timescale of ${current.ref} changed to “${wanted}”.` : `Asked ${plan.owner ?? 'the plan owner'} to agree “${wanted}” for ${current.ref}.`,
    };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (action === null || busy) return;
    const found = check(action);
    setProblem(found);
    const missing = completes ? evidenceProblem(evidence) : null;
    setEvidenceMessage(missing);
    if (found !== null || missing !== null) return;
    setBusy(true);
    setFailure(null);
    setDone('');
    try {
      const { action: now, said } = await send(action);
      setLoaded({ ref: now.ref, status: 'ready', action: now });
      onSaved(now);
      setText('');
      setRag('');
      setTimescale('');
      setReason('');
      setEvidence('');
      setKey(newKey());
      if (picked?.byDraft) setPicked(null);
      setDone(said);
    } catch (error) {
      const failed = asApiError(error);
      setFailure(failed);
      // Read the action as it is now, so the next save carries its version; nothing typed is cleared.
      if (failed.kind === 'conflict') setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const stageOption = stageRef === null ? 'The stage’s action (none yet)' : `On the stage: ${stageRef}`;
  return (
    <form className={styles.minuteForm} aria-label={ref === null ? 'Minute' : `Minute for ${ref}`} onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Action" size="small" className={styles.field}>
        <Select
          size="small"
          className={styles.select}
          value={picked === null ? STAGE : picked.ref}
          onChange={(_, d) => {
            setPicked(d.value === STAGE ? null : { ref: d.value, byDraft: false });
            setFailure(null);
            setProblem(null);
          }}
        >
          <option value={STAGE}>{stageOption}</option>
          {actions.map((a) => (
            <option key={a.id} value={a.ref}>
              {a.ref} {a.title || a.text.slice(0, 60)}
            </option>
          ))}
        </Select>
      </Field>
      {picked !== null && stageRef !== null && stageRef !== picked.ref && (
        <p className={styles.note}>
          The stage shows {stageRef}; this minute is for {picked.ref}.
        </p>
      )}
      {ref === null && <p className={styles.note}>Share the plan to the stage, or choose the action this minute is about.</p>}
      {loaded?.status === 'loading' && <Spinner size="tiny" label={`Reading ${loaded.ref}…`} />}
      {loaded?.status === 'error' && (
        <p role="alert" className={styles.problem}>
          {loaded.ref} could not be read: {loaded.error.message}
        </p>
      )}
      {action !== null && (
        <>
          <p className={styles.note}>
            Now <RagBadge rag={action.rag} size="small" /> · {action.timescale.asWritten || 'no timescale written'}
          </p>
          <RadioGroup
            layout="horizontal"
            aria-label="What to record"
            value={kind}
            onChange={(_, d) => {
              setKind(d.value === 'rag' || d.value === 'timescale' ? d.value : 'update');
              setRag('');
              setProblem(null);
            }}
          >
            <Radio value="update" label="Update" />
            <Radio value="rag" label="RAG" />
            <Radio value="timescale" label="Timescale" />
          </RadioGroup>
          {kind === 'update' && (
            <Field label="What was said" size="small" validationState={problem !== null ? 'error' : 'none'} validationMessage={problem ?? undefined}>
              <Textarea
                size="small"
                rows={3}
                resize="vertical"
                value={text}
                onChange={(_, d) => {
                  drafting();
                  setText(d.value);
                }}
              />
            </Field>
          )}
          {kind !== 'timescale' && (
            <Field
              label={kind === 'update' ? 'RAG after it' : 'New RAG'}
              size="small"
              validationState={kind === 'rag' && problem !== null ? 'error' : 'none'}
              validationMessage={kind === 'rag' ? (problem ?? undefined) : undefined}
            >
              <Select
                size="small"
                className={styles.select}
                value={rag}
                onChange={(_, d) => {
                  drafting();
                  setRag(RAG_VALUES.find((r) => r === d.value) ?? '');
                }}
              >
                <option value="">{kind === 'update' ? `Keep ${action.rag}` : 'Choose…'}</option>
                {ragChoices.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {kind === 'timescale' && (
            <>
              <Field label="Agreed timescale" size="small" validationState={problem !== null ? 'error' : 'none'} validationMessage={problem ?? undefined}>
                <Input
                  size="small"
                  value={timescale}
                  onChange={(_, d) => {
                    drafting();
                    setTimescale(d.value);
                  }}
                />
              </Field>
              <Field label="Reason" size="small" required={!decides} hint={decides ? undefined : `${plan.owner ?? 'The plan owner'} agrees new timescales on this plan.`}>
                <Textarea
                  size="small"
                  rows={2}
                  resize="vertical"
                  value={reason}
                  onChange={(_, d) => {
                    drafting();
                    setReason(d.value);
                  }}
                />
              </Field>
            </>
          )}
          {completes && (
            <ImpactField
              value={evidence}
              onChange={(v) => {
                drafting();
                setEvidence(v);
                setEvidenceMessage(null);
              }}
              problem={evidenceMessage}
              hint={completionHint(kind === 'update' && !decides, plan.owner)}
            />
          )}
          <div className={styles.minuteRow}>
            <Button type="submit" appearance="primary" size="small" disabledFocusable={busy}>
              Save minute
            </Button>
            <span className={styles.note}>Dated {formatDate(meetingDay)}, this meeting.</span>
          </div>
        </>
      )}
      {failure?.kind === 'conflict' && (
        <div role="alert">
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Changed by someone else</MessageBarTitle>
              Nothing was saved and nothing of theirs was overwritten.{' '}
              {action !== null && `${action.ref} has been read again: it is now ${action.rag}, “${action.timescale.asWritten || 'no timescale'}”. `}
              Your minute is still here: check it and save again.
            </MessageBarBody>
          </MessageBar>
        </div>
      )}
      {failure !== null && failure.kind !== 'conflict' && (
        <p role="alert" className={styles.problem}>
          {failure.kind === 'unavailable' ? 'The minute was not saved: the plan service did not answer. Try again; it will be recorded once.' : failure.message}
        </p>
      )}
      <p role="status" aria-live="polite" className={styles.status}>
        {done}
      </p>
    </form>
  );
}
