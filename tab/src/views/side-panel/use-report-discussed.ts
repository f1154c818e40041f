import { useEffect, useRef } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { FinishMeetingRequest } from '../../api/plan-api.js';

/** A few seconds after the stage moves on: a walk-through at a steady pace writes now and then, not at every step. */
export const REPORT_AFTER_MS = 3000;

/**
 * Tells the server what the meeting's stage has shown (the session's discussed list, which only
 * grows), a few seconds after it grows: when the meeting simply ends, with no "Finish" to hand the
 * list over, the summary the bot posts still lists what was discussed. A report that fails is sent
 * again with the next one; "Finish" hands over the whole list in any case.
 */
export function useReportDiscussed(
  record: ((planId: string, request: FinishMeetingRequest) => Promise<number>) | null,
  planId: string,
  meeting: { date: DateOnly; chatId: string | null },
  discussed: readonly string[],
): void {
  const reported = useRef(0);
  const latest = useRef(discussed);
  latest.current = discussed;
  const { date, chatId } = meeting;
  // The list only grows: its length says when there is more to tell, however often the session
  // hands over a new array (presence and other shared state re-render the panel).
  const length = discussed.length;

  useEffect(() => {
    if (record === null || length <= reported.current) return;
    const timer = setTimeout(() => {
      const list = latest.current;
      record(planId, { date, chatId, discussed: list }).then(
        () => {
          reported.current = Math.max(reported.current, list.length);
        },
        () => undefined,
      );
    }, REPORT_AFTER_MS);
    return () => clearTimeout(timer);
  }, [record, planId, date, chatId, length]);
}
