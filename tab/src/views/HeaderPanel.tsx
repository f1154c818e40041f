import { Button, mergeClasses } from '@fluentui/react-components';
import { useId, type ReactNode, type Ref } from 'react';
import { useHeaderPanelStyles } from './HeaderPanel.styles.js';

export interface HeaderPanelProps {
  id: string;
  heading: string;
  /** The Hide button's words: "Hide meetings". */
  hideLabel: string;
  /** The panel's own size, added to the shared box. */
  className: string;
  onClose: () => void;
  /** What went wrong (an alert), and what was just done (a status, read out), under the panel's content. */
  failure: string | null;
  done: string;
  sectionRef?: Ref<HTMLElement>;
  /** Given, the heading can take focus (tabIndex -1), for the panel to put it there after a change. */
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}

/**
 * The frame of a panel the plan header's buttons open (Meetings, Channel digest): a labelled
 * section, its heading and Hide button, Escape closing it, and its alert and status lines.
 */
export function HeaderPanel({ id, heading, hideLabel, className, onClose, failure, done, sectionRef, headingRef, children }: HeaderPanelProps) {
  const panel = useHeaderPanelStyles();
  const headingId = useId();
  return (
    <section
      id={id}
      ref={sectionRef}
      className={mergeClasses(panel.panel, className)}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className={panel.panelHead}>
        <h2 id={headingId} ref={headingRef} tabIndex={headingRef === undefined ? undefined : -1} className={panel.heading}>
          {heading}
        </h2>
        <Button size="small" appearance="subtle" onClick={onClose}>
          {hideLabel}
        </Button>
      </div>
      {children}
      {failure !== null && <p role="alert">{failure}</p>}
      <p role="status" className={panel.note}>
        {done}
      </p>
    </section>
  );
}
