import { Button, Field, Select, Textarea } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ActionWithUpdates } from '../../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../../src/plan/rag.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../../../../src/plan/update-rules.js';
import { useTab } from '../../app/tab-context.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';
import { updateTextProblem } from './update-text-check.js';

export interface UpdateFormProps {
  planId: string;
  action: ActionWithUpdates;
  onRecorded: (action: ActionWithUpdates) => void;
  onReload: () => void;
}

const newKey = (): string => `tab:${crypto.randomUUID()}`;

/** Adds a dated update, optionally with a new RAG, checked against the version the person saw. */
export function UpdateForm({ planId, action, onRecorded, onReload }: UpdateFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [text, setText] = useState('');
  const [rag, setRag] = useState<Rag | ''>('');
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission();
  // One key per draft: a retry after a lost answer records the update once.
  const [key, setKey] = useState(newKey);

  const tooLong = text.trim().length > MAX_UPDATE_TEXT_LENGTH;
  const message = problem ?? (tooLong ? updateTextProblem(text) : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = updateTextProblem(text);
    setProblem(found);
    submission.clearDone();
    if (found !== null) return;
    await submission.run(async () => {
      const result = await api.addUpdate(planId, action.ref, {
        text,
        ...(rag !== '' && { rag }),
        version: action.version,
        key,
      });
      setText('');
      setRag('');
      setKey(newKey());
      onRecorded(result.action);
      return result.created ? 'Update recorded.' : 'This update was already recorded.';
    });
  }

  return (
    <form className={styles.form} aria-labelledby="update-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="update-form-heading" className={styles.sectionHeading}>
        Add an update
      </h3>
      <Field
        label="Update"
        validationState={message !== null ? 'error' : 'none'}
        validationMessage={message ?? undefined}
        hint={`${text.trim().length.toLocaleString('en-GB')} of ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters`}
      >
        <Textarea
          value={text}
          resize="vertical"
          rows={4}
          onChange={(_, d) => {
            setText(d.value);
            if (problem !== null) setProblem(null);
          }}
        />
      </Field>
      <div className={styles.row}>
        <Field label="RAG after this update" className={styles.rowField}>
          <Select value={rag} onChange={(_, d) => setRag(d.value as Rag | '')}>
            <option value="">Keep {action.rag}</option>
            {RAG_VALUES.filter((r) => r !== action.rag).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" disabled={submission.busy}>
          Record update
        </Button>
      </div>
      <SubmissionOutcome
        submission={submission}
        onReload={onReload}
        unavailableMessage="The update was not recorded: the plan service did not answer. Try again; it will be recorded once."
      />
    </form>
  );
}
