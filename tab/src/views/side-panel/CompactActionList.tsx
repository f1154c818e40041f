import { mergeClasses } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { DateOnly } from '../../../../src/plan/calendar-date.js';
import type { ActionView } from '../../../../src/plan/plan.js';
import { compactDue } from '../../plan/compact-due.js';
import { RagBadge } from '../RagBadge.js';
import { COMPACT_ROW_HEIGHT, useSidePanelStyles } from './SidePanel.styles.js';

export interface CompactActionListProps {
  actions: readonly ActionView[];
  today: DateOnly;
  /** The action the meeting's stage shows now, or null. */
  currentRef: string | null;
  hrefOf: (ref: string) => string;
  onOpen: (ref: string) => void;
  /** Changes when the filter does, so the list goes back to the top. */
  resetKey: string;
}

interface CompactRowProps {
  action: ActionView;
  today: DateOnly;
  current: boolean;
  href: string;
  onOpen: (ref: string) => void;
}

const CompactRow = memo(function CompactRow({ action, today, current, href, onOpen }: CompactRowProps) {
  const styles = useSidePanelStyles();
  const due = compactDue(action, today);
  return (
    <a
      className={mergeClasses(styles.row, current && styles.current)}
      href={href}
      aria-current={current ? 'true' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        onOpen(action.ref);
      }}
    >
      <span className={styles.ref}>{action.ref}</span>
      <RagBadge rag={action.rag} size="small" />
      <span className={styles.rowTitle} title={action.title || action.text}>
        {action.title || action.text}
      </span>
      <span className={mergeClasses(styles.due, due.overdue && styles.overdue)}>
        <span aria-hidden="true" className={styles.dueText} title={due.spoken}>
          {due.short}
        </span>
        <span className={styles.spoken}>, {due.spoken}</span>
      </span>
    </a>
  );
});

/**
 * The plan in a meeting's side panel (320 to 400 px): one line per action (ref, RAG word, short
 * title, how late), so a dozen fit; the action on the shared stage is marked and kept in view.
 * Virtualised like the tab's list, so a plan of thousands scrolls as smoothly.
 */
export function CompactActionList({ actions, today, currentRef, hrefOf, onOpen, resetKey }: CompactActionListProps) {
  const styles = useSidePanelStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: actions.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => COMPACT_ROW_HEIGHT,
    getItemKey: (i) => actions[i]!.id,
    overscan: 4,
  });

  useEffect(() => {
    if ((virtualizer.scrollOffset ?? 0) > 0) virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const currentIndex = currentRef === null ? -1 : actions.findIndex((a) => a.ref === currentRef);
  useEffect(() => {
    // The presenter moved on: bring the stage's action into view, leaving the list alone when it already is.
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, virtualizer]);

  useEffect(() => {
    // The list grows and shrinks as the minute form and the filters open: the stage's action stays in view.
    const element = scroller.current;
    if (element === null || currentIndex < 0) return;
    const observer = new ResizeObserver(() => virtualizer.scrollToIndex(currentIndex, { align: 'auto' }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [currentIndex, virtualizer, actions.length]);

  if (actions.length === 0) return <p className={styles.empty}>No action matches these filters.</p>;
  return (
    <div ref={scroller} className={styles.scroller}>
      <ul aria-label="Actions" className={styles.list} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const action = actions[row.index]!;
          return (
            <li
              key={row.key}
              data-ref={action.ref}
              aria-setsize={actions.length}
              aria-posinset={row.index + 1}
              className={styles.item}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <CompactRow action={action} today={today} current={action.ref === currentRef} href={hrefOf(action.ref)} onOpen={onOpen} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
