import { mergeClasses } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
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

/** Virtualised: only the rows in view are in the page, so 5,000 actions scroll and filter smoothly. */
export function ActionList({ actions, sections, today, hrefOf, onOpen, resetKey, grouped, since, changesOf }: ActionListProps) {
  const styles = useActionListStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => itemsOf(actions, sections, grouped), [actions, sections, grouped]);
  const wide = useWideLayout();
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
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index]!;
            return item.kind === 'section' ? (
              <div key={row.key} role="row" aria-rowindex={row.index + 2} className={styles.item} style={{ transform: `translateY(${row.start}px)`, height: row.size }}>
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
                key={row.key}
                action={item.action}
                today={today}
                href={hrefOf(item.action.ref)}
                onOpen={onOpen}
                top={row.start}
                height={row.size}
                rowIndex={row.index + 2}
                wide={wide}
                since={since}
                change={changesOf.get(item.action.id) ?? null}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
