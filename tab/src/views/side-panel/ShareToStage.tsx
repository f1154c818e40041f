import { Button, Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Section } from '../../../../src/plan/plan.js';
import { stageUrl, type StageChoice } from '../../plan/share-views.js';
import type { TabFilter } from '../../plan/tab-filter.js';
import { sectionName, sectionValue } from '../FilterBar.js';
import { useSidePanelStyles } from './SidePanel.styles.js';

export interface ShareToStageProps {
  planId: string;
  sections: readonly Section[];
  /** The side panel's filter: offered as a view when it picks some actions, and its order goes with every view. */
  filter: TabFilter;
  filtered: boolean;
  /** Whether there is a meeting to compare with; without one the stage has no "changed" view to show. */
  hasLastMeeting: boolean;
  share: (url: string) => Promise<void>;
}

/** The choices as the select's values: "section:2" for a section. */
function choiceOf(value: string, filter: TabFilter): StageChoice {
  if (value.startsWith('section:')) return { kind: 'section', section: value.slice('section:'.length) };
  if (value === 'red-amber' || value === 'changes') return { kind: value };
  if (value === 'filtered') return { kind: 'filtered', filter };
  return { kind: 'plan' };
}

/**
 * Puts a view of the plan on the meeting stage: the whole plan, a section, red and amber only, what
 * changed since the last meeting, or the list as filtered here. The view travels in the stage URL.
 */
export function ShareToStage({ planId, sections, filter, filtered, hasLastMeeting, share }: ShareToStageProps) {
  const styles = useSidePanelStyles();
  const [value, setValue] = useState(filtered ? 'filtered' : 'plan');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  // A view no longer on offer (the filter was cleared) falls back to the whole plan.
  const chosen = (value === 'filtered' && !filtered) || (value === 'changes' && !hasLastMeeting) ? 'plan' : value;
  const views = [
    ...(filtered ? [{ value: 'filtered', label: 'This list as filtered' }] : []),
    { value: 'plan', label: 'The whole plan' },
    { value: 'red-amber', label: 'Red and amber only' },
    ...(hasLastMeeting ? [{ value: 'changes', label: 'Changed since the last meeting' }] : []),
  ];
  const sectionViews = sections.map((section) => ({ value: `section:${sectionValue(section)}`, label: sectionName(section) }));

  async function shareChosen() {
    setBusy(true);
    setOutcome(null);
    const label = [...views, ...sectionViews].find((v) => v.value === chosen)?.label ?? '';
    try {
      await share(stageUrl(window.location.origin, planId, choiceOf(chosen, filter), filter.order));
      setOutcome({ ok: true, text: `On the stage: ${label}.` });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof Error && error.message ? `Not shared: ${error.message}` : 'Teams could not share to the stage.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className={styles.toolbar}>
        <Field label="Stage view" className={styles.shareField} size="small">
          <Select size="small" className={styles.select} value={chosen} onChange={(_, d) => setValue(d.value)}>
            {views.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
            <optgroup label="One section">
              {sectionViews.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.label}
                </option>
              ))}
            </optgroup>
          </Select>
        </Field>
        <Button appearance="primary" size="small" disabledFocusable={busy} onClick={() => void shareChosen()}>
          Share to stage
        </Button>
      </div>
      {outcome !== null && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? styles.status : styles.problem}>
          {outcome.text}
        </p>
      )}
    </>
  );
}
