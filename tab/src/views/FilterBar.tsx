import { Button, Checkbox, Field, Input, mergeClasses, Select } from '@fluentui/react-components';
import { memo, useState } from 'react';
import type { ActionOrder } from '../../../src/plan/action-order.js';
import { OrderSelect } from './OrderSelect.js';
import type { Section } from '../../../src/plan/plan.js';
import type { PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { RAG_VALUES, type Rag } from '../../../src/plan/rag.js';
import { formatDate } from '../format/dates.js';
import { activeFilterCount, type TabFilter } from '../plan/tab-filter.js';
import { useFilterBarStyles } from './FilterBar.styles.js';

export type FilterPatch = (patch: Partial<TabFilter>) => void;

export interface FilterBarProps {
  filter: TabFilter;
  /** Applies a change to some filters; stable across renders, so only the control that changed re-renders. */
  onPatch: FilterPatch;
  onClear: () => void;
  sections: readonly Section[];
  leads: readonly string[];
  /** The plan's last meeting before today (src/plan/plan-meetings.ts), offered for "Changed since". */
  lastMeeting: PlanMeeting | null;
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

const SearchField = memo(function SearchField({ value, onPatch }: { value: string; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  return (
    <Field label="Search" className={styles.search}>
      <Input className={styles.control} type="search" value={value} onChange={(_, d) => onPatch({ q: d.value })} placeholder="Ref, words, lead…" />
    </Field>
  );
});

const LeadField = memo(function LeadField({ value, leads, onPatch }: { value: string; leads: readonly string[]; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  const match = leads.find((l) => l.toLowerCase() === value.toLowerCase());
  const known = value === '' || match !== undefined;
  return (
    <Field label="Lead" className={styles.field}>
      <Select className={styles.control} value={known ? (match ?? '') : value} onChange={(_, d) => onPatch({ lead: d.value })}>
        <option value="">All leads</option>
        {!known && <option value={value}>Matching “{value}”</option>}
        {leads.map((lead) => (
          <option key={lead} value={lead}>
            {lead}
          </option>
        ))}
      </Select>
    </Field>
  );
});

const SectionField = memo(function SectionField({ value, sections, onPatch }: { value: string; sections: readonly Section[]; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  const known = value === '' || sections.some((s) => sectionValue(s) === value || s.id === value);
  return (
    <Field label="Section" className={styles.field}>
      <Select className={styles.control} value={value} onChange={(_, d) => onPatch({ section: d.value })}>
        <option value="">All sections</option>
        {!known && <option value={value}>Section {value}</option>}
        {sections.map((section) => (
          <option key={section.id} value={sectionValue(section)}>
            {sectionName(section)}
          </option>
        ))}
      </Select>
    </Field>
  );
});

const RagField = memo(function RagField({ value, onPatch }: { value: string; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  const choices = value === '' || RAG_CHOICES.some((c) => c.rag.join(',') === value) ? RAG_CHOICES : [...RAG_CHOICES, { rag: ragsOf(value), label: value.split(',').join(', ') }];
  return (
    <Field label="RAG" className={styles.field}>
      <Select className={styles.control} value={value} onChange={(_, d) => onPatch({ rag: ragsOf(d.value) })}>
        <option value="">Any RAG</option>
        {choices.map((choice) => (
          <option key={choice.rag.join(',')} value={choice.rag.join(',')}>
            {choice.label}
          </option>
        ))}
      </Select>
    </Field>
  );
});

const OverdueField = memo(function OverdueField({ checked, onPatch }: { checked: boolean; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  return <Checkbox className={styles.checkbox} label="Overdue" checked={checked} onChange={(_, d) => onPatch({ overdue: d.checked === true })} />;
});

const DateField = memo(function DateField({ label, name, value, onPatch }: { label: string; name: 'dueBefore' | 'changedSince'; value: string; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  return (
    <Field label={label} className={styles.date}>
      <Input className={styles.control} type="date" value={value} onChange={(_, d) => onPatch({ [name]: d.value })} />
    </Field>
  );
});

const LastMeetingButton = memo(function LastMeetingButton({ meeting, onPatch }: { meeting: PlanMeeting; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  return (
    <Button className={styles.meeting} appearance="outline" onClick={() => onPatch({ changedSince: meeting.date })}>
      Last meeting ({formatDate(meeting.date)})
    </Button>
  );
});

/** The list's order: not a filter (it picks no action), so always in view and kept by "Clear filters". */
const OrderField = memo(function OrderField({ value, onPatch }: { value: ActionOrder; onPatch: FilterPatch }) {
  const styles = useFilterBarStyles();
  return <OrderSelect className={styles.order} selectClassName={styles.control} value={value} onChange={(order) => onPatch({ order })} />;
});

export function FilterBar({ filter, onPatch, onClear, sections, leads, lastMeeting }: FilterBarProps) {
  const styles = useFilterBarStyles();
  const [expanded, setExpanded] = useState(false);
  const active = activeFilterCount(filter);

  return (
    <form className={styles.root} role="search" aria-label="Filter actions" onSubmit={(e) => e.preventDefault()}>
      <SearchField value={filter.q} onPatch={onPatch} />
      <OrderField value={filter.order} onPatch={onPatch} />
      <Button className={styles.toggle} aria-expanded={expanded} aria-controls="more-filters" onClick={() => setExpanded((v) => !v)}>
        {expanded ? 'Hide filters' : active > 0 ? `Filters (${active})` : 'Filters'}
      </Button>
      <div id="more-filters" className={mergeClasses(styles.more, expanded && styles.moreOpen)}>
        <LeadField value={filter.lead} leads={leads} onPatch={onPatch} />
        <SectionField value={filter.section} sections={sections} onPatch={onPatch} />
        <RagField value={filter.rag.join(',')} onPatch={onPatch} />
        <OverdueField checked={filter.overdue} onPatch={onPatch} />
        <DateField label="Due before" name="dueBefore" value={filter.dueBefore} onPatch={onPatch} />
        <div className={styles.changed}>
          <DateField label="Changed since" name="changedSince" value={filter.changedSince} onPatch={onPatch} />
          {lastMeeting !== null && filter.changedSince !== lastMeeting.date && <LastMeetingButton meeting={lastMeeting} onPatch={onPatch} />}
        </div>
      </div>
      {active > 0 && (
        <Button className={styles.clear} appearance="secondary" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
