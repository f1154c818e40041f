import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionView, Section } from '../../../src/plan/plan.js';
import { useActionListStyles } from './ActionList.styles.js';
import { ActionRow } from './ActionRow.js';
import { sectionName } from './FilterBar.js';

type Item = { kind: 'section'; section: Section; count: number } | { kind: 'action'; action: ActionView };

export interface ActionListProps {
  actions: readonly ActionView[];
  sections: readonly Section[];
  today: DateOnly;
  hrefOf: (ref: string) => string;
  onOpen: (ref: string) => void;
  /** Changes when the filter does, so the list goes back to the top. */
  resetKey: string;
}

/** Section headings and actions in plan order, as one list; sections with nothing shown are left out. */
function itemsOf(actions: readonly ActionView[], sections: readonly Section[]): Item[] {
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

/** Virtualised: only the rows in view are in the page, so 5,000 actions scroll and filter smoothly. */
export function ActionList({ actions, sections, today, hrefOf, onOpen, resetKey }: ActionListProps) {
  const styles = useActionListStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => itemsOf(actions, sections), [actions, sections]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i]?.kind === 'section' ? 44 : 104),
    getItemKey: (i) => {
      const item = items[i]!;
      return item.kind === 'section' ? `s:${item.section.id}` : item.action.id;
    },
    overscan: 6,
  });

  useEffect(() => {
    // Scrolling reads layout; at the top already (the usual case) a filter change costs no forced layout.
    if ((virtualizer.scrollOffset ?? 0) > 0) virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const total = actions.length;
  // An action's place among the actions shown, for screen readers that only see the rows in view.
  const positions = useMemo(() => {
    let position = 0;
    return items.map((item) => (item.kind === 'action' ? ++position : 0));
  }, [items]);

  return (
    <>
      <div className={styles.header} aria-hidden="true">
        <span>Ref</span>
        <span>Action</span>
        <span>Leads</span>
        <span>Timescale</span>
        <span>RAG</span>
        <span>Latest update</span>
      </div>
      <div ref={scroller} className={styles.scroller} tabIndex={-1}>
        {total === 0 ? (
          <p className={styles.empty}>No action matches these filters.</p>
        ) : (
          <ul className={styles.list} style={{ height: virtualizer.getTotalSize() }} aria-label="Actions">
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index]!;
              return (
                <li
                  key={row.key}
                  data-index={row.index}
                  ref={virtualizer.measureElement}
                  className={styles.item}
                  style={{ transform: `translateY(${row.start}px)` }}
                  {...(item.kind === 'action'
                    ? { 'data-ref': item.action.ref, 'aria-setsize': total, 'aria-posinset': positions[row.index] }
                    : {})}
                >
                  {item.kind === 'section' ? (
                    <h2 className={styles.sectionHeading}>
                      {sectionName(item.section)}
                      <span className={styles.sectionCount}>
                        {item.count} action{item.count === 1 ? '' : 's'}
                      </span>
                    </h2>
                  ) : (
                    <ActionRow action={item.action} today={today} href={hrefOf(item.action.ref)} onOpen={onOpen} />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </>
  );
}
