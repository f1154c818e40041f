import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { HeaderPanel } from './HeaderPanel.js';
import { useHeaderPanelStyles } from './HeaderPanel.styles.js';
import { useRef, useState, type FormEvent, type Ref } from 'react';
import { addDays, isDateOnly, type DateOnly } from '../../../src/plan/calendar-date.js';
import { lastMeeting, type MeetingSource, type PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { asApiError } from '../plan/use-plan-data.js';

const useStyles = makeStyles({
  width: {
    width: 'min(24rem, calc(100vw - 2rem))',
  },
  list: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    maxHeight: '14rem',
    overflowY: 'auto',
  },
  meeting: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  date: {
    fontWeight: tokens.fontWeightSemibold,
  },
  source: {
    display: 'block',
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  add: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
  field: {
    flex: '1 1 9rem',
    maxWidth: '12rem',
  },
});

const SOURCE_WORDS: Record<MeetingSource, string> = {
  entered: 'entered by hand',
  document: 'from the plan document',
  teams: 'the Teams meeting the tab was open in',
};

export interface MeetingsButtonProps {
  meetings: readonly PlanMeeting[];
  expanded: boolean;
  controls: string;
  onToggle: () => void;
  /** For the panel to give focus back when it closes. */
  buttonRef?: Ref<HTMLButtonElement>;
}

/** Opens and closes the meetings panel (a disclosure: the panel sits under the header, in the page's own order). */
export function MeetingsButton({ meetings, expanded, controls, onToggle, buttonRef }: MeetingsButtonProps) {
  return (
    <Button ref={buttonRef} appearance="outline" aria-expanded={expanded} aria-controls={controls} onClick={onToggle}>
      {meetings.length === 0 ? 'Meetings' : `Meetings (${meetings.length})`}
    </Button>
  );
}

export interface MeetingsPanelProps {
  id: string;
  planId: string;
  meetings: readonly PlanMeeting[];
  today: DateOnly;
  onMeetings: (meetings: PlanMeeting[]) => void;
  onClose: () => void;
}

/**
 * The plan's meeting dates, the rhythm "since the last meeting" counts from: the list, newest
 * first, each with Remove, and a date to add. The server keeps one meeting a day. Escape closes it.
 */
export function MeetingsPanel({ id, planId, meetings, today, onMeetings, onClose }: MeetingsPanelProps) {
  const styles = useStyles();
  const panel = useHeaderPanelStyles();
  const { api } = useTab();
  const [date, setDate] = useState<string>(today);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const dateInput = useRef<HTMLInputElement>(null);
  const last = lastMeeting(meetings, today);

  async function run(work: () => Promise<PlanMeeting[]>, said: string, removed = false) {
    setBusy(true);
    setFailure(null);
    setDone('');
    try {
      onMeetings(await work());
      setDone(said);
      // The Remove button pressed is gone with its meeting: focus goes on to the date to add.
      if (removed) dateInput.current?.focus();
    } catch (error) {
      setFailure(asApiError(error).message);
    } finally {
      setBusy(false);
    }
  }

  function add(e: FormEvent) {
    e.preventDefault();
    if (!isDateOnly(date)) return setProblem('Choose the day the group met.');
    if (meetings.some((m) => m.date === date)) return setProblem(`The plan already has a meeting on ${formatDate(date)}.`);
    setProblem(null);
    void run(() => api.addMeeting(planId, { date, source: 'entered' }), `Meeting on ${formatDate(date)} added.`);
  }

  return (
    <HeaderPanel id={id} heading="Meetings" hideLabel="Hide meetings" className={styles.width} onClose={onClose} failure={failure} done={done}>
      <p className={panel.note}>
        {last === null
          ? 'No meeting before today yet. “Since the last meeting” counts from the last meeting before today.'
          : `“Since the last meeting” counts from ${formatDate(last.date)}, the last meeting before today.`}
      </p>
      {meetings.length > 0 && (
        <ul className={styles.list} aria-label="Meeting dates">
          {[...meetings].reverse().map((m) => (
            <li key={m.date} className={styles.meeting}>
              <span>
                <span className={styles.date}>{formatDate(m.date)}</span>
                {m.title && ` ${m.title}`}
                <span className={styles.source}>{SOURCE_WORDS[m.source]}</span>
              </span>
              <Button
                size="small"
                disabledFocusable={busy}
                aria-label={`Remove the meeting on ${formatDate(m.date)}`}
                onClick={() => void run(() => api.removeMeeting(planId, m.date), `Meeting on ${formatDate(m.date)} removed.`, true)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className={styles.add} onSubmit={add} noValidate aria-label="Add a meeting">
        <Field label="Meeting date" className={styles.field} validationState={problem !== null ? 'error' : 'none'} validationMessage={problem ?? undefined}>
          <Input ref={dateInput} type="date" value={date} max={addDays(today, 366)} onChange={(_, d) => setDate(d.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabledFocusable={busy}>
          Add meeting
        </Button>
      </form>
    </HeaderPanel>
  );
}
