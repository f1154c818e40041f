import type { ImportReport } from '../../../../src/import/import-report.js';
import { describeLocation } from '../../../../src/plan/errors.js';
import { useImportPageStyles } from './ImportPage.styles.js';

/*
 * How each column of the document's plan table was read, so the owner can see that the leads
 * are the leads before importing: a column nothing was placed from says why.
 */

const ROLE_NAMES = { ref: 'Ref', action: 'Action', outcome: 'Outcome', lead: 'Leads', timescale: 'Timescale', updates: 'Updates', rag: 'RAG', sources: 'Source' } as const;

export function ColumnsRead({ tables }: { tables: ImportReport['tables'] }) {
  const styles = useImportPageStyles();
  if (tables.length === 0) return null;
  return (
    <section aria-labelledby="columns-heading">
      <h3 id="columns-heading" className={styles.subheading}>
        Columns read
      </h3>
      {tables.map((table, t) => (
        <ul key={t} className={styles.list} aria-label={`Columns of ${describeLocation(table.at)}`}>
          {table.columns.map((column, c) => (
            <li key={c}>
              <span className={styles.quoted}>{column.header.trim() === '' ? '(no heading)' : column.header}</span>
              {' → '}
              {column.role === null ? <span className={styles.location}>not used: {column.reason}</span> : ROLE_NAMES[column.role]}
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}
