import type { PlanRevision } from '../../../../src/plan/plan-revision.js';
import { formatDate } from '../../format/dates.js';
import { useImportPageStyles } from './ImportPage.styles.js';

/* The updates the new version adds, under the action each goes to, in the words the document has. */
export function UpdatesToAdd({ revision }: { revision: PlanRevision }) {
  const styles = useImportPageStyles();
  const withUpdates = revision.matched.filter((m) => m.newUpdates.length > 0);
  if (withUpdates.length === 0) return null;
  return (
    <section aria-labelledby="updates-to-add-heading">
      <h3 id="updates-to-add-heading" className={styles.subheading}>
        Updates to add
      </h3>
      <ul className={styles.list} aria-label="Updates to add">
        {withUpdates.map((m) => (
          <li key={m.actionId}>
            <strong>{m.incoming.ref}</strong> {m.incoming.title}
            <ul className={styles.list}>
              {m.newUpdates.map((u, i) => (
                <li key={i} className={styles.updateText}>
                  {u.date !== null && <span className={styles.location}>{formatDate(u.date)}: </span>}
                  {u.text}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
