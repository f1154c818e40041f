import { Button, Checkbox, Field, Input, mergeClasses, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Section } from '../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../src/plan/rag.js';
import { formatDate } from '../format/dates.js';
import type { LastMeeting } from '../plan/last-meeting.js';
import { activeFilterCount, EMPTY_FILTER, type TabFilter } from '../plan/tab-filter.js';
import { useFilterBarStyles } from './FilterBar.styles.js';

export interface FilterBarProps {
  filter: TabFilter;
  onChange: (filter: TabFilter) => void;
  sections: readonly Section[];
  leads: readonly string[];
  lastMeeting: LastMeeting | null;
}

/** The RAG sets a group asks for; any other set in a link still shows, by its words. */
const RAG_CHOICES: { rag: Rag[]; label: string }[] = [
  { rag: ['Red'], label: 'Red' },
  { rag: ['Amber'], label: 'Amber' },
  { rag: ['Red', 'Amber'], label: 'Red and amber' },
  { rag: ['Green'], label: 'Green' },
  { rag: ['Complete'], label: 'Complete' },
  { rag: ['Not set'], label: 'Not set' },
  { rag: ['Red', 'Amber', 'Green', 'Not set'], label: 'All but complete' },
];

function ragsOf(value: string): Rag[] {
  return value.split(',').filter((v): v is Rag => (RAG_VALUES as readonly string[]).includes(v));
}

export function sectionValue(section: Section): string {
  return section.number ?? section.id;
}

export function sectionName(section: Section): string {
  if (section.number === null) return section.title;
  const label = section.label ?? '';
  return label ? `${label} ${section.number}: ${section.title}` : `${section.number}. ${section.title}`;
}

export function FilterBar({ filter, onChange, sections, leads, lastMeeting }: FilterBarProps) {
  const styles = useFilterBarStyles();
  const [expanded, setExpanded] = useState(false);
  const active = activeFilterCount(filter);
  const set = (patch: Partial<TabFilter>) => onChange({ ...filter, ...patch });
  const ragKey = filter.rag.join(',');
  const ragChoices = RAG_CHOICES.some((c) => c.rag.join(',') === ragKey) || ragKey === ''
    ? RAG_CHOICES
    : [...RAG_CHOICES, { rag: filter.rag, label: filter.rag.join(', ') }];
  const leadMatch = leads.find((l) => l.toLowerCase() === filter.lead.toLowerCase());
  const leadKnown = filter.lead === '' || leadMatch !== undefined;
  const leadValue = leadKnown ? (leadMatch ?? '') : filter.lead;
  const sectionKnown = filter.section === '' || sections.some((s) => sectionValue(s) === filter.section || s.id === filter.section);

  return (
    <form className={styles.root} role="search" aria-label="Filter actions" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search" className={styles.search}>
        <Input className={styles.control} type="search" value={filter.q} onChange={(_, d) => set({ q: d.value })} placeholder="Ref, words, lead…" />
      </Field>
      <Button className={styles.toggle} aria-expanded={expanded} aria-controls="more-filters" onClick={() => setExpanded((v) => !v)}>
        {expanded ? 'Hide filters' : active > 0 ? `Filters (${active})` : 'Filters'}
      </Button>
      <div id="more-filters" className={mergeClasses(styles.more, expanded && styles.moreOpen)}>
        <Field label="Lead" className={styles.field}>
          <Select className={styles.control} value={leadValue} onChange={(_, d) => set({ lead: d.value })}>
            <option value="">All leads</option>
            {!leadKnown && <option value={filter.lead}>Matching “{filter.lead}”</option>}
            {leads.map((lead) => (
              <option key={lead} value={lead}>
                {lead}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Section" className={styles.field}>
          <Select className={styles.control} value={filter.section} onChange={(_, d) => set({ section: d.value })}>
            <option value="">All sections</option>
            {!sectionKnown && <option value={filter.section}>Section {filter.section}</option>}
            {sections.map((section) => (
              <option key={section.id} value={sectionValue(section)}>
                {sectionName(section)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="RAG" className={styles.field}>
          <Select className={styles.control} value={ragKey} onChange={(_, d) => set({ rag: ragsOf(d.value) })}>
            <option value="">Any RAG</option>
            {ragChoices.map((choice) => (
              <option key={choice.rag.join(',')} value={choice.rag.join(',')}>
                {choice.label}
              </option>
            ))}
          </Select>
        </Field>
        <Checkbox className={styles.checkbox} label="Overdue" checked={filter.overdue} onChange={(_, d) => set({ overdue: d.checked === true })} />
        <Field label="Due before" className={styles.date}>
          <Input className={styles.control} type="date" value={filter.dueBefore} onChange={(_, d) => set({ dueBefore: d.value })} />
        </Field>
        <div className={styles.changed}>
          <Field label="Changed since" className={styles.date}>
            <Input className={styles.control} type="date" value={filter.changedSince} onChange={(_, d) => set({ changedSince: d.value })} />
          </Field>
          {lastMeeting !== null && filter.changedSince !== lastMeeting.since && (
            <Button
              className={styles.meeting}
              appearance="outline"
              onClick={() => set({ changedSince: lastMeeting.since })}
              title={`The plan's last round of updates: ${lastMeeting.actionCount} actions updated ${formatDate(lastMeeting.date)}`}
            >
              Last meeting ({formatDate(lastMeeting.date)})
            </Button>
          )}
        </div>
      </div>
      {active > 0 && (
        <Button className={styles.clear} appearance="secondary" onClick={() => onChange(EMPTY_FILTER)}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
