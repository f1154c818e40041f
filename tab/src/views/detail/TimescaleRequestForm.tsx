import { Button, Field, Input, Textarea } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ActionWithUpdates, Plan } from '../../../../src/plan/plan.js';
import { checkUpdateText } from '../../../../src/plan/update-rules.js';
import { useTab } from '../../app/tab-context.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { ruleProblem } from './record-fields.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';

export interface TimescaleRequestFormProps {
  planId: string;
  plan: Pick<Plan, 'owner'>;
  action: ActionWithUpdates;
  onChanged: (action: ActionWithUpdates) => void;
  onReload: () => void;
}

/** A lead's "Ask for a new timescale" with the reason, where the plan's owner agrees timescales: the action keeps its own until agreed. */
export function TimescaleRequestForm({ planId, plan, action, onChanged, onReload }: TimescaleRequestFormProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const [timescale, setTimescale] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ timescale: string | null; reason: string | null }>({ timescale: null, reason: null });
  const submission = useSubmission();
  const [key, setKey] = useState(() => crypto.randomUUID());

  async function submit(e: FormEvent) {
    e.preventDefault();
    submission.clearDone();
    const wanted = timescale.trim();
    const found = {
      timescale:
        wanted === ''
          ? 'Write the timescale you ask for, such as "June 2018".'
          : wanted === action.timescale.asWritten.trim()
            ? `The timescale is already “${wanted}”.`
            : wanted.length > 200
              ? 'A timescale is at most 200 characters.'
              : null,
      reason: reason.trim() === '' ? 'Say why the timescale should move, for the plan owner to decide.' : ruleProblem(() => checkUpdateText(reason, 'reason')),
    };
    setProblems(found);
    if (found.timescale !== null || found.reason !== null) return;
    await submission.run(async () => {
      const answer = await api.requestTimescale(planId, action.ref, { version: action.version, timescale: wanted, reason, key });
      setTimescale('');
      setReason('');
      setKey(crypto.randomUUID());
      onChanged(await api.getAction(planId, action.ref));
      return answer.outcome === 'changed' ? `Timescale changed to “${wanted}”.` : `Asked ${plan.owner ?? 'the plan owner'} for “${wanted}”.`;
    });
  }

  return (
    <form className={styles.form} aria-labelledby="timescale-request-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="timescale-request-heading" className={styles.sectionHeading}>
        Ask for a new timescale
      </h3>
      <p className={styles.note}>
        The timescale stays “{action.timescale.asWritten || 'none written'}” until {plan.owner ?? 'the plan owner'} agrees.
      </p>
      <Field label="New timescale" validationState={problems.timescale !== null ? 'error' : 'none'} validationMessage={problems.timescale ?? undefined}>
        <Input value={timescale} onChange={(_, d) => setTimescale(d.value)} />
      </Field>
      <Field label="Reason" required validationState={problems.reason !== null ? 'error' : 'none'} validationMessage={problems.reason ?? undefined}>
        <Textarea value={reason} resize="vertical" rows={2} onChange={(_, d) => setReason(d.value)} />
      </Field>
      <div className={styles.row}>
        <Button type="submit" disabledFocusable={submission.busy}>
          Ask for a new timescale
        </Button>
      </div>
      <SubmissionOutcome submission={submission} onReload={onReload} />
    </form>
  );
}
