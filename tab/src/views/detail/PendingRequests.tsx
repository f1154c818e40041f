import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { describeHistoryEntry, originName, pendingRequests, requestedTimescale, type HistoryEntry } from '../../../../src/plan/action-history.js';
import { checkUpdateText } from '../../../../src/plan/update-rules.js';
import type { RequestOutcome } from '../../api/plan-api.js';
import { useTab } from '../../app/tab-context.js';
import { formatDate } from '../../format/dates.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';
import { ruleProblem } from './record-fields.js';
import { SubmissionOutcome } from './SubmissionOutcome.js';
import { useSubmission } from './use-submission.js';
import type { ActionFormProps } from './action-form-props.js';

export interface PendingRequestsProps extends ActionFormProps {
  /** What the owner's answer did, for the detail's status line (the request is gone once answered). */
  onAnswered: (message: string) => void;
}

/** Who asked, through what and when: "Dawn Porter, in the tab, 1 Mar 2018". */
const askedBy = (entry: HistoryEntry): string => [entry.author, originName(entry.origin), formatDate(entry.date)].filter((p) => p).join(', ');

interface AnswerWords {
  yes: string;
  no: string;
  /** The label of the reason asked for with a no. */
  why: string;
  noSubmit: string;
  /** What each answer did, said once it is recorded. */
  saidYes: string;
  saidNo: string;
}

const COMPLETION: AnswerWords = {
  yes: 'Approve',
  no: 'Return…',
  why: 'Why it is returned',
  noSubmit: 'Return to the lead',
  saidYes: 'Completion approved: the action is complete.',
  saidNo: 'Completion returned to the lead, with your reason.',
};
const TIMESCALE: AnswerWords = {
  yes: 'Agree',
  no: 'Decline…',
  why: 'Why it is declined',
  noSubmit: 'Decline',
  saidYes: 'New timescale agreed.',
  saidNo: 'New timescale declined, with your reason.',
};

interface OwnerAnswerProps {
  words: AnswerWords;
  send: (yes: boolean, note?: string) => Promise<RequestOutcome>;
  onDone: (message: string) => Promise<void>;
  onReload: () => void;
}

/** The owner's answer to one request: yes at once; no with a reason (required). Refreshes the action, or shows why the server refused. */
function OwnerAnswer({ words, send, onDone, onReload }: OwnerAnswerProps) {
  const styles = useActionDetailStyles();
  const submission = useSubmission();
  const [refusing, setRefusing] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const answer = (yes: boolean) =>
    submission.run(async () => {
      await send(yes, yes ? undefined : note);
      await onDone(yes ? words.saidYes : words.saidNo);
      return '';
    });

  function refuse() {
    const found = note.trim() === '' ? 'Say why, so the lead knows what to do next.' : ruleProblem(() => checkUpdateText(note, 'note'));
    setProblem(found);
    if (found === null) void answer(false);
  }

  return (
    <div className={styles.answer}>
      {!refusing ? (
        <div className={styles.row}>
          <Button appearance="primary" disabledFocusable={submission.busy} onClick={() => void answer(true)}>
            {words.yes}
          </Button>
          <Button disabledFocusable={submission.busy} onClick={() => setRefusing(true)}>
            {words.no}
          </Button>
        </div>
      ) : (
        <>
          <Field label={words.why} required validationState={problem !== null ? 'error' : 'none'} validationMessage={problem ?? undefined}>
            <Textarea value={note} rows={2} resize="vertical" onChange={(_, d) => setNote(d.value)} />
          </Field>
          <div className={styles.row}>
            <Button appearance="primary" disabledFocusable={submission.busy} onClick={refuse}>
              {words.noSubmit}
            </Button>
            <Button
              disabledFocusable={submission.busy}
              onClick={() => {
                setRefusing(false);
                setProblem(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </>
      )}
      <SubmissionOutcome submission={submission} onReload={onReload} />
    </div>
  );
}

/**
 * What waits for the plan owner on this action: a proposed completion and a new timescale asked
 * for, each as the domain's pendingRequests reads the history. The owner answers here.
 */
export function PendingRequests({ planId, plan, you, action, onChanged, onReload, onAnswered }: PendingRequestsProps) {
  const styles = useActionDetailStyles();
  const { api } = useTab();
  const pending = pendingRequests(action.history);
  if (pending.completion === null && pending.timescale === null) return null;
  const owner = plan.owner ?? 'the plan owner';
  const refresh = async (message: string) => {
    onAnswered(message);
    onChanged(await api.getAction(planId, action.ref));
  };
  const waiting = you.isOwner ? 'waiting for your answer' : `waiting for ${owner}`;

  return (
    <section aria-labelledby="pending-heading" className={styles.pending}>
      <h3 id="pending-heading" className={styles.sectionHeading}>
        Waiting for the plan owner
      </h3>
      {pending.completion !== null && (
        <div className={styles.request}>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                {describeHistoryEntry({ kind: pending.completion.kind, changes: [], note: null })}, {waiting}
              </MessageBarTitle>
              Proposed by {askedBy(pending.completion)}. What difference it made: “{pending.completion.note ?? ''}”
            </MessageBarBody>
          </MessageBar>
          {you.isOwner && (
            <OwnerAnswer
              words={COMPLETION}
              send={(approve, note) => api.answerCompletion(planId, action.ref, { version: action.version, approve, ...(note !== undefined && { note }) })}
              onDone={refresh}
              onReload={onReload}
            />
          )}
        </div>
      )}
      {pending.timescale !== null && (
        <div className={styles.request}>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                {describeHistoryEntry({ kind: pending.timescale.kind, changes: [], note: null })}, {waiting}
              </MessageBarTitle>
              Asked by {askedBy(pending.timescale)}: “{requestedTimescale(pending.timescale) ?? ''}” in place of “{action.timescale.asWritten}”. Reason: “{pending.timescale.note ?? ''}”
            </MessageBarBody>
          </MessageBar>
          {you.isOwner && (
            <OwnerAnswer
              words={TIMESCALE}
              send={(agree, note) => api.answerTimescale(planId, action.ref, { version: action.version, agree, ...(note !== undefined && { note }) })}
              onDone={refresh}
              onReload={onReload}
            />
          )}
        </div>
      )}
    </section>
  );
}
