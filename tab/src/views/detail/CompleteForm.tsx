import { Button } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTab } from '../../app/tab-context.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { completionHint, evidenceProblem, ImpactField } from './record-fields.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';
import type { ActionFormProps } from './action-form-props.js';

export type CompleteFormProps = ActionFormProps;

/**
 * "Mark complete" with what difference it made: closes the action, or, where the plan's owner
 * approves and this person is not the owner, proposes it to the owner (the server decides; the
 * form says which beforehand).
 */
export function CompleteForm({ planId, plan, you, action, onChanged, onReload }: CompleteFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [evidence, setEvidence] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const proposes = you.ownerApproves && !you.isOwner;

  async function submit(e: FormEvent) {
    e.preventDefault();
    submission.clearDone();
    const found = evidenceProblem(evidence);
    setProblem(found);
    if (found !== null) return;
    await submission.run(async () => {
      const answer = await api.completeAction(planId, action.ref, { version: action.version, evidence, key });
      setEvidence('');
      setKey(crypto.randomUUID());
      onChanged(await api.getAction(planId, action.ref));
      return answer.outcome === 'changed' ? 'Marked complete.' : 'Completion proposed to the plan owner.';
    });
  }

  return (
    <form className={styles.form} aria-labelledby="complete-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="complete-form-heading" className={styles.sectionHeading}>
        {proposes ? 'Propose completion' : 'Mark complete'}
      </h3>
      <ImpactField
        value={evidence}
        onChange={(v) => {
          setEvidence(v);
          setProblem(null);
        }}
        problem={problem}
        hint={completionHint(proposes, plan.owner)}
      />
      <div className={styles.row}>
        <Button type="submit" disabledFocusable={submission.busy}>
          {proposes ? 'Propose completion' : 'Mark complete'}
        </Button>
      </div>
      <SubmissionOutcome submission={submission} onReload={onReload} />
    </form>
  );
}
