import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { RAG_VALUES, type Rag } from '../../../../src/plan/rag.js';
import { useTab } from '../../app/tab-context.js';
import { wouldClose } from '../../plan/timeline-lines.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { evidenceProblem, ImpactField } from './record-fields.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';
import type { ActionFormProps } from './action-form-props.js';

export type FieldChangeFormProps = ActionFormProps;

/**
 * Changes RAG or timescale without an update, with the version read: a change made since is a
 * conflict. A change that closes the action asks what difference it made. Where the owner approves
 * and this person is not the owner, only the RAG short of Complete is theirs to change: they
 * propose completion and ask for a new timescale instead (CompleteForm, TimescaleRequestForm).
 */
export function FieldChangeForm({ planId, you, action, onChanged, onReload }: FieldChangeFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [rag, setRag] = useState<Rag>(action.rag);
  const [timescale, setTimescale] = useState(action.timescale.asWritten);
  const [evidence, setEvidence] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [evidenceMessage, setEvidenceMessage] = useState<string | null>(null);
  const submission = useSubmission();
  const decides = you.mayDecide;

  // A new version (saved here, or loaded after a conflict) shows its own values.
  useEffect(() => {
    setRag(action.rag);
    setTimescale(action.timescale.asWritten);
  }, [action.version, action.rag, action.timescale.asWritten]);

  const completes = decides && wouldClose(action, { rag, timescale });
  const choices = RAG_VALUES.filter((r) => decides || r !== 'Complete' || r === action.rag);

  async function submit(e: FormEvent) {
    e.preventDefault();
    submission.clearDone();
    const written = timescale.trim();
    const ragChanged = rag !== action.rag;
    const timescaleChanged = decides && written !== action.timescale.asWritten;
    if (timescaleChanged && written === '') return setProblem('Write the new timescale, such as "March 2025" or "Quarterly".');
    if (written.length > 200) return setProblem('A timescale is at most 200 characters.');
    if (!ragChanged && !timescaleChanged) return setProblem(decides ? 'Change the RAG or the timescale first.' : 'Change the RAG first.');
    setProblem(null);
    const missing = completes ? evidenceProblem(evidence) : null;
    setEvidenceMessage(missing);
    if (missing !== null) return;
    await submission.run(async () => {
      await api.changeAction(planId, action.ref, {
        version: action.version,
        ...(ragChanged && { rag }),
        ...(timescaleChanged && { timescale: written }),
        ...(completes && { note: evidence }),
      });
      setEvidence('');
      onChanged(await api.getAction(planId, action.ref));
      return 'Saved.';
    });
  }

  const heading = decides ? 'Change RAG or timescale' : 'Change RAG';
  return (
    <form className={styles.form} aria-labelledby="change-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="change-form-heading" className={styles.sectionHeading}>
        {heading}
      </h3>
      <div className={styles.row}>
        <Field label="RAG status" className={styles.rowField} validationState={!decides && problem !== null ? 'error' : 'none'} validationMessage={!decides ? (problem ?? undefined) : undefined}>
          <Select value={rag} onChange={(_, d) => setRag(RAG_VALUES.find((r) => r === d.value) ?? action.rag)}>
            {choices.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        {decides && (
          <Field label="Timescale" className={styles.rowField} validationState={problem !== null ? 'error' : 'none'} validationMessage={problem ?? undefined}>
            <Input value={timescale} onChange={(_, d) => setTimescale(d.value)} />
          </Field>
        )}
        <Button type="submit" disabledFocusable={submission.busy}>
          Save changes
        </Button>
      </div>
      {!decides && <p className={styles.note}>Completions and new timescales go to the plan owner: use Propose completion and Ask for a new timescale.</p>}
      {completes && (
        <ImpactField
          value={evidence}
          onChange={(v) => {
            setEvidence(v);
            setEvidenceMessage(null);
          }}
          problem={evidenceMessage}
        />
      )}
      <SubmissionOutcome submission={submission} onReload={onReload} />
    </form>
  );
}
