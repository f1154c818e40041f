import { Button, Field, Select, Textarea } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { ActionWithUpdates, Plan } from '../../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../../src/plan/rag.js';
import { MAX_UPDATE_TEXT_LENGTH, planBeganOn } from '../../../../src/plan/update-rules.js';
import type { PlanStanding } from '../../api/plan-api.js';
import { useTab } from '../../app/tab-context.js';
import { wouldClose } from '../../plan/timeline-lines.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { completionHint, evidenceProblem, ImpactField, ReportedDateField, reportedDateProblem } from './record-fields.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';
import { updateTextProblem } from './update-text-check.js';

export interface UpdateFormProps {
  planId: string;
  plan: Pick<Plan, 'owner' | 'meetings' | 'versionRecord'>;
  you: PlanStanding;
  today: DateOnly;
  action: ActionWithUpdates;
  onRecorded: (action: ActionWithUpdates) => void;
  onReload: () => void;
}

const newKey = (): string => `tab:${crypto.randomUUID()}`;

/**
 * Adds an update for the day it reports (today, or a meeting's), optionally with a new RAG,
 * checked against the version the person saw. A RAG that completes the action asks what difference
 * it made; where the owner approves and this person is not the owner, the completion is proposed.
 */
export function UpdateForm({ planId, plan, you, today, action, onRecorded, onReload }: UpdateFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [text, setText] = useState('');
  const [rag, setRag] = useState<Rag | ''>('');
  const [date, setDate] = useState<string>(today);
  const [evidence, setEvidence] = useState('');
  const [problems, setProblems] = useState<{ text: string | null; date: string | null; evidence: string | null }>({ text: null, date: null, evidence: null });
  const submission = useSubmission();
  // One key per draft: a retry after a lost answer records the update once.
  const [key, setKey] = useState(newKey);

  const planBegan = planBeganOn(plan, action.updates);
  const completes = wouldClose(action, { rag });
  const proposes = completes && !you.mayDecide;
  const tooLong = text.trim().length > MAX_UPDATE_TEXT_LENGTH;
  const textMessage = problems.text ?? (tooLong ? updateTextProblem(text) : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      text: updateTextProblem(text),
      date: reportedDateProblem(date, today, planBegan),
      evidence: completes ? evidenceProblem(evidence) : null,
    };
    setProblems(found);
    submission.clearDone();
    if (found.text !== null || found.date !== null || found.evidence !== null) return;
    await submission.run(async () => {
      const result = await api.addUpdate(planId, action.ref, {
        text,
        ...(rag !== '' && { rag }),
        date,
        ...(completes && { evidence }),
        version: action.version,
        key,
      });
      setText('');
      setRag('');
      setDate(today);
      setEvidence('');
      setKey(newKey());
      onRecorded(result.action);
      if (!result.created) return 'This update was already recorded.';
      return result.proposal !== null ? 'Update recorded. Completing the action is proposed to the plan owner.' : 'Update recorded.';
    });
  }

  return (
    <form className={styles.form} aria-labelledby="update-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="update-form-heading" className={styles.sectionHeading}>
        Add an update
      </h3>
      <Field
        label="Update"
        validationState={textMessage !== null ? 'error' : 'none'}
        validationMessage={textMessage ?? undefined}
        hint={`${text.trim().length.toLocaleString('en-GB')} of ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters`}
      >
        <Textarea
          value={text}
          resize="vertical"
          rows={4}
          onChange={(_, d) => {
            setText(d.value);
            if (problems.text !== null) setProblems((p) => ({ ...p, text: null }));
          }}
        />
      </Field>
      <ReportedDateField
        value={date}
        onChange={(d) => {
          setDate(d);
          setProblems((p) => ({ ...p, date: null }));
        }}
        today={today}
        planBegan={planBegan}
        meetings={plan.meetings}
        problem={problems.date}
      />
      <Field label="RAG after this update" className={styles.narrowField}>
        <Select value={rag} onChange={(_, d) => setRag(RAG_VALUES.find((r) => r === d.value) ?? '')}>
          <option value="">Keep {action.rag}</option>
          {RAG_VALUES.filter((r) => r !== action.rag).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      {completes && (
        <ImpactField
          value={evidence}
          onChange={(v) => {
            setEvidence(v);
            if (problems.evidence !== null) setProblems((p) => ({ ...p, evidence: null }));
          }}
          problem={problems.evidence}
          hint={completionHint(proposes, plan.owner)}
        />
      )}
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabledFocusable={submission.busy}>
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
