import { Button, Field, Input, Textarea } from '@fluentui/react-components';
import { useId } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import { describeLocation, PlanError } from '../../../../src/plan/errors.js';
import { lastMeeting, type PlanMeeting } from '../../../../src/plan/plan-meetings.js';
import { checkImpactEvidence, checkReportedDate, MAX_EVIDENCE_LENGTH } from '../../../../src/plan/update-rules.js';
import { formatDate } from '../../format/dates.js';
import { useActionDetailStyles } from '../ActionDetail.styles.js';

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');

/** The message a domain rule gives for a value, as a sentence by the field, or null when it passes. */
export function ruleProblem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    // By the field already: the rule's words without the field's name before them.
    if (error instanceof PlanError) return sentence(error.at === null ? error.message : error.message.slice(describeLocation(error.at).length + 2));
    throw error;
  }
}

/** The day an update reports, by the same rule as the server: a day, not after today, not before the plan began. */
export function reportedDateProblem(date: string, today: DateOnly, planBegan: DateOnly | null): string | null {
  return ruleProblem(() => checkReportedDate(date, { today, planBegan }));
}

/** Impact evidence, by the same rule as the server: some words, within the limit. */
export function evidenceProblem(evidence: string): string | null {
  return ruleProblem(() => checkImpactEvidence(evidence));
}

interface QuickPick {
  date: DateOnly;
  label: string;
}

/** Today and the plan's last two meetings before today, the days an update is most often given for. */
function quickPicks(meetings: readonly PlanMeeting[], today: DateOnly): QuickPick[] {
  const picks: QuickPick[] = [{ date: today, label: 'Today' }];
  const last = lastMeeting(meetings, today);
  const earlier = last === null ? null : lastMeeting(meetings, last.date);
  if (last !== null) picks.push({ date: last.date, label: `Last meeting, ${formatDate(last.date)}` });
  if (earlier !== null) picks.push({ date: earlier.date, label: `Meeting of ${formatDate(earlier.date)}` });
  return picks;
}

export interface ReportedDateFieldProps {
  value: string;
  onChange: (date: string) => void;
  today: DateOnly;
  planBegan: DateOnly | null;
  meetings: readonly PlanMeeting[];
  problem: string | null;
}

/** "Date it reports": a date input (default today) with the plan's recent meetings as quick picks. */
export function ReportedDateField({ value, onChange, today, planBegan, meetings, problem }: ReportedDateFieldProps) {
  const styles = useActionDetailStyles();
  const picksId = useId();
  const picks = quickPicks(meetings, today);
  return (
    <div className={styles.dateGroup}>
      <Field
        label="Date it reports"
        className={styles.narrowField}
        hint="The day this update is for: the meeting it was given at, or today."
        validationState={problem !== null ? 'error' : 'none'}
        validationMessage={problem ?? undefined}
      >
        <Input type="date" value={value} max={today} min={planBegan ?? undefined} onChange={(_, d) => onChange(d.value)} />
      </Field>
      <div role="group" aria-labelledby={picksId} className={styles.quickPicks}>
        <span id={picksId} className={styles.note}>
          Quick dates:
        </span>
        {picks.map((pick) => (
          <Button key={pick.date + pick.label} size="small" appearance={value === pick.date ? 'primary' : 'outline'} aria-pressed={value === pick.date} onClick={() => onChange(pick.date)}>
            {pick.label}
          </Button>
        ))}
      </div>
    </div>
  );
}

export interface ImpactFieldProps {
  value: string;
  onChange: (evidence: string) => void;
  problem: string | null;
  /** Said under the label: where the completion goes (closed now, or proposed to the owner). */
  hint?: string;
}

/** "What difference did it make?": the impact evidence a completion needs, required. */
export function ImpactField({ value, onChange, problem, hint }: ImpactFieldProps) {
  return (
    <Field
      label="What difference did it make?"
      required
      hint={hint ?? `Impact evidence: what changed because of this action. At most ${MAX_EVIDENCE_LENGTH.toLocaleString('en-GB')} characters.`}
      validationState={problem !== null ? 'error' : 'none'}
      validationMessage={problem ?? undefined}
    >
      <Textarea value={value} resize="vertical" rows={3} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}

/** Where a completion goes: closed at once, or proposed to the owner, who approves or returns it. */
export function completionHint(proposes: boolean, owner: string | null): string {
  return proposes
    ? `This plan's owner approves completions: it will be proposed to ${owner ?? 'the plan owner'}, who approves or returns it.`
    : 'Impact evidence: what changed because of this action. It is kept in the action’s history.';
}
