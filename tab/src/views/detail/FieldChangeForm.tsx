import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { ActionWithUpdates } from '../../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../../src/plan/rag.js';
import { useTab } from '../../app/tab-context.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';

export interface FieldChangeFormProps {
  planId: string;
  action: ActionWithUpdates;
  onChanged: (action: ActionWithUpdates) => void;
  onReload: () => void;
}

/** Changes RAG or timescale without an update, with the version read: a change made since is a conflict. */
export function FieldChangeForm({ planId, action, onChanged, onReload }: FieldChangeFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [rag, setRag] = useState<Rag>(action.rag);
  const [timescale, setTimescale] = useState(action.timescale.asWritten);
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission();

  // A new version (saved here, or loaded after a conflict) shows its own values.
  useEffect(() => {
    setRag(action.rag);
    setTimescale(action.timescale.asWritten);
  }, [action.version, action.rag, action.timescale.asWritten]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    submission.clearDone();
    const written = timescale.trim();
    const ragChanged = rag !== action.rag;
    const timescaleChanged = written !== action.timescale.asWritten;
    if (timescaleChanged && written === '') return setProblem('Write the new timescale, such as "March 2025" or "Quarterly".');
    if (written.length > 200) return setProblem('A timescale is at most 200 characters.');
    if (!ragChanged && !timescaleChanged) return setProblem('Change the RAG or the timescale first.');
    setProblem(null);
    await submission.run(async () => {
      await api.changeAction(planId, action.ref, {
        version: action.version,
        ...(ragChanged && { rag }),
        ...(timescaleChanged && { timescale: written }),
      });
      onChanged(await api.getAction(planId, action.ref));
      return 'Saved.';
    });
  }

  return (
    <form className={styles.form} aria-labelledby="change-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="change-form-heading" className={styles.sectionHeading}>
        Change RAG or timescale
      </h3>
      <div className={styles.row}>
        <Field label="RAG status" className={styles.rowField}>
          <Select value={rag} onChange={(_, d) => setRag(d.value as Rag)}>
            {RAG_VALUES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Timescale"
          className={styles.rowField}
          validationState={problem !== null ? 'error' : 'none'}
          validationMessage={problem ?? undefined}
        >
          <Input value={timescale} onChange={(_, d) => setTimescale(d.value)} />
        </Field>
        <Button type="submit" disabled={submission.busy}>
          Save changes
        </Button>
      </div>
      <SubmissionOutcome submission={submission} onReload={onReload} />
    </form>
  );
}
