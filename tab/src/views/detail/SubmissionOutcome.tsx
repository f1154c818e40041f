import type { Submission } from './use-submission.js';
import { ConflictNotice, currentFromConflict } from './ConflictNotice.js';

export interface SubmissionOutcomeProps {
  submission: Submission;
  onReload: () => void;
  /** What to say when the service did not answer; the API's own message otherwise. */
  unavailableMessage?: string;
}

/** Under a form: someone else's change (never overwritten), an error, or what was saved. */
export function SubmissionOutcome({ submission, onReload, unavailableMessage }: SubmissionOutcomeProps) {
  const { failure, done } = submission;
  return (
    <>
      {failure?.kind === 'conflict' && (
        <ConflictNotice
          current={currentFromConflict(failure.current)}
          onReload={() => {
            submission.clearFailure();
            onReload();
          }}
        />
      )}
      {failure !== null && failure.kind !== 'conflict' && (
        <p role="alert">{failure.kind === 'unavailable' && unavailableMessage !== undefined ? unavailableMessage : failure.message}</p>
      )}
      <p role="status" aria-live="polite" style={{ margin: 0 }}>
        {done}
      </p>
    </>
  );
}
