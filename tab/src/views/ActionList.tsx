import { mergeClasses } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView, Section } from '../../../src/plan/plan.js';
import { ROW_HEIGHT, useActionListStyles, WIDE_QUERY } from './ActionList.styles.js';
import { ActionRow } from './ActionRow.js';
import { sectionName } from './FilterBar.js';

const COLUMNS = ['Ref', 'Action', 'Leads', 'Timescale', 'RAG', 'Latest update'] as const;

type Item = { kind: 'section'; section: Section; count: number } | { kind: 'action'; action: ActionView };

export interface ActionListProps {
  actions: readonly ActionView[];
  sections: readonly Section[];
  today: DateOnly;
  hrefOf: (ref: string) => string;
  onOpen: (ref: string) => void;
  /** Changes when the filter does, so the list goes back to the top. */
  resetKey: string;
  /** Plan order shows the sections' headings; any other order is one list without them. */
  grouped: boolean;
  /** "Since 12 Feb 2018" when rows say what changed since a day (the last meeting), else null. */
  since: string | null;
  /** What changed on each action since that day, by action id. */
  changesOf: ReadonlyMap<string, ActionChanges>;
}

/** Section headings and actions in plan order, as one list; sections with nothing shown are left out. */
function itemsOf(actions: readonly ActionView[], sections: readonly Section[], grouped: boolean): Item[] {
  if (!grouped) return actions.map((action) => ({ kind: 'action', action }));
  const bySection = new Map<string, ActionView[]>();
  for (const action of actions) {
    const list = bySection.get(action.sectionId);
    if (list) list.push(action);
    else bySection.set(action.sectionId, [action]);
  }
  const items: Item[] = [];
  const placed = new Set<string>();
  for (const section of [...sections].sort((a, b) => a.order - b.order)) {
    const list = bySection.get(section.id);
    if (!list) continue;
    placed.add(section.id);
    items.push({ kind: 'section', section, count: list.length });
    for (const action of list) items.push({ kind: 'action', action });
  }
  // Actions of a section the plan no longer lists still show, at the end.
  for (const [id, list] of bySection) if (!placed.has(id)) for (const action of list) items.push({ kind: 'action', action });
  return items;
}

let wideQuery: MediaQueryList | null = null;
const wideQueryList = (): MediaQueryList => (wideQuery ??= window.matchMedia(WIDE_QUERY));

function subscribeWide(onChange: () => void): () => void {
  wideQueryList().addEventListener('change', onChange);
  return () => wideQueryList().removeEventListener('change', onChange);
}

/** Whether the list has its column layout (a tab) or the stacked one (a meeting side panel). */
function useWideLayout(): boolean {
  return useSyncExternalStore(subscribeWide, () => wideQueryList().matches, () => true);
}

/**
 * Whether the page is being printed. A virtualised list has only the rows in view, so paper would
 * get a screenful: while printing, every row is rendered. The browser lays the page out for print
 * right after `beforeprint`, so the rows are rendered synchronously there; the print media query
 * covers a print that fires no event (a PDF made with print media emulated).
 */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(() => window.matchMedia('print').matches);
  useEffect(() => {
    const query = window.matchMedia('print');
    const set = (value: boolean) => flushSync(() => setPrinting(value));
    const before = () => set(true);
    const after = () => set(query.matches);
    const change = () => set(query.matches);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    query.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      query.removeEventListener('change', change);
    };
  }, []);
  return printing;
}

/**
 * Every item for paper, each section's heading and rows in a block of their own, so the browser
 * keeps a section on one page where it fits (the print styles place and break them).
 */
function printedRows(items: readonly Item[], renderItem: (index: number, key: string, start: number, size: number) => ReactNode, sectionClass: string): ReactNode {
  const groups: { key: string; indexes: number[] }[] = [];
  items.forEach((item, index) => {
    if (item.kind === 'section' || groups.length === 0) groups.push({ key: item.kind === 'section' ? item.section.id : 'unsectioned', indexes: [] });
    groups.at(-1)!.indexes.push(index);
  });
  return groups.map((group) => (
    <div key={group.key} role="presentation" className={sectionClass}>
      {group.indexes.map((index) => (
        <Fragment key={index}>{renderItem(index, `p:${index}`, 0, 0)}</Fragment>
      ))}
    </div>
  ));
}

/** Virtualised: only the rows in view are in the page, so 5,000 actions scroll and filter smoothly; all of them on paper. */
export function ActionList({ actions, sections, today, hrefOf, onOpen, resetKey, grouped, since, changesOf }: ActionListProps) {
  const styles = useActionListStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => itemsOf(actions, sections, grouped), [actions, sections, grouped]);
  const printing = usePrinting();
  // Paper has the columns whatever its width: the stacked layout is for a narrow side panel.
  const wide = useWideLayout() || printing;
  const rowHeight = wide ? ROW_HEIGHT.wide : ROW_HEIGHT.narrow;
  const sizeOf = (item: Item | undefined): number => {
    if (item === undefined || item.kind === 'section') return ROW_HEIGHT.section;
    // Stacked, a row with changes since the meeting has a line for them: known before it is drawn.
    return !wide && since !== null && changesOf.has(item.action.id) ? rowHeight + ROW_HEIGHT.narrowChanges : rowHeight;
  };
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    // Exact, not estimated: rows have fixed heights (ActionList.styles.ts), so nothing is measured.
    estimateSize: (i) => sizeOf(items[i]),
    getItemKey: (i) => {
      const item = items[i]!;
      return item.kind === 'section' ? `s:${item.section.id}` : item.action.id;
    },
    overscan: 1,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, since, changesOf, virtualizer]);

  useEffect(() => {
    // Scrolling reads layout; at the top already (the usual case) a filter change costs no forced layout.
    if ((virtualizer.scrollOffset ?? 0) > 0) virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const total = actions.length;
  if (total === 0) return <p className={styles.empty}>No action matches these filters.</p>;

  const columns = since === null ? COLUMNS : [...COLUMNS, since];
  const renderItem = (index: number, key: string | number | bigint, start: number, size: number): ReactNode => {
    const item = items[index]!;
    return item.kind === 'section' ? (
      <div key={String(key)} role="row" aria-rowindex={index + 2} className={mergeClasses(styles.item, styles.sectionItem)} style={{ transform: `translateY(${start}px)`, height: size }}>
        <div role="cell" aria-colspan={columns.length}>
          <h2 className={styles.sectionHeading}>
            {sectionName(item.section)}
            <span className={styles.sectionCount}>
              {item.count} action{item.count === 1 ? '' : 's'}
            </span>
          </h2>
        </div>
      </div>
    ) : (
      <ActionRow
        key={String(key)}
        action={item.action}
        today={today}
        href={hrefOf(item.action.ref)}
        onOpen={onOpen}
        top={start}
        height={size}
        rowIndex={index + 2}
        wide={wide}
        since={since}
        change={changesOf.get(item.action.id) ?? null}
      />
    );
  };
  // A table to assistive technology: the column headers name each cell, and aria-rowindex places
  // the rows in view among all of them, as only those are in the page.
  return (
    <div role="table" aria-label="Actions" aria-rowcount={items.length + 1} className={styles.table}>
      <div role="row" aria-rowindex={1} className={mergeClasses(styles.header, since !== null && styles.headerSince)}>
        {columns.map((name) => (
          <span key={name} role="columnheader">
            {name}
          </span>
        ))}
      </div>
      <div ref={scroller} className={styles.scroller}>
        <div role="rowgroup" className={styles.list} style={{ height: virtualizer.getTotalSize() }}>
          {printing ? printedRows(items, renderItem, styles.printSection) : virtualizer.getVirtualItems().map((row) => renderItem(row.index, row.key, row.start, row.size))}
        </div>
      </div>
    </div>
  );
}
