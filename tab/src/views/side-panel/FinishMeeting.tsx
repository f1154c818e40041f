import { Button, mergeClasses } from '@fluentui/react-components';
import { useState } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { FinishedMeeting, FinishMeetingRequest } from '../../api/plan-api.js';
import { asApiError } from '../../plan/use-plan-data.js';
import { useSidePanelStyles } from './SidePanel.styles.js';

export interface FinishMeetingProps {
  planId: string;
  meetingDay: DateOnly;
  /** The meeting's chat, for the summary card; null when not known. */
  chatId: string | null;
  discussed: readonly string[];
  finish: (planId: string, request: FinishMeetingRequest) => Promise<FinishedMeeting>;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What the summary held, in words: "2 actions discussed, 1 change, 3 due before the next meeting". */
export function summaryWords({ summary }: FinishedMeeting): string {
  return [
    `${count(summary.discussed, 'action', 'actions')} discussed`,
    count(summary.changes, 'change', 'changes'),
    `${summary.dueBeforeNext} due before the next meeting`,
  ].join(', ');
}

/** Ends the meeting: its summary (discussed, changed, due before the next) goes to the meeting's chat. */
export function FinishMeeting({ planId, meetingDay, chatId, discussed, finish }: FinishMeetingProps) {
  const styles = useSidePanelStyles();
  const [busy, setBusy] = useState(false);
  // A card in the meeting's chat cannot be taken back: one more press says it is meant.
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function finishNow() {
    setConfirming(false);
    setBusy(true);
    setOutcome(null);
    try {
      const finished = await finish(planId, { date: meetingDay, chatId, discussed });
      setOutcome(
        finished.sent
          ? { ok: true, text: `Summary sent to the meeting chat: ${summaryWords(finished)}.` }
          : { ok: false, text: `The summary could not be sent to the meeting chat (is the app added to the meeting?): ${summaryWords(finished)}.` },
      );
    } catch (error) {
      setOutcome({ ok: false, text: `The meeting was not finished: ${asApiError(error).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {confirming ? (
        <span role="group" aria-label="Finish the meeting" className={styles.confirm}>
          <Button size="small" appearance="primary" onClick={() => void finishNow()}>
            Send summary to chat
          </Button>
          <Button size="small" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </span>
      ) : (
        <Button
          size="small"
          disabledFocusable={busy}
          onClick={() => {
            setOutcome(null);
            setConfirming(true);
          }}
        >
          Finish meeting
        </Button>
      )}
      {outcome !== null && (
        <p role={outcome.ok ? 'status' : 'alert'} className={mergeClasses(outcome.ok ? styles.status : styles.problem, styles.fullLine)}>
          {outcome.text}
        </p>
      )}
    </>
  );
}
