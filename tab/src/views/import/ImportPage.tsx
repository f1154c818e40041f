import { Button, Field, Link, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import type { ImportNote } from '../../../../src/import/import-report.js';
import { describeLocation } from '../../../../src/plan/errors.js';
import type { PlanSummary } from '../../../../src/plan/plan.js';
import { describeRevision } from '../../../../src/plan/plan-revision.js';
import type { ApiError } from '../../api/api-error.js';
import type { ImportAnswer } from '../../api/plan-api.js';
import { hrefOf, navigate } from '../../app/navigation.js';
import { routePath } from '../../app/routes.js';
import { useTab } from '../../app/tab-context.js';
import { asApiError } from '../../plan/use-plan-data.js';
import { ColumnsRead } from './ColumnsRead.js';
import { useImportPageStyles } from './ImportPage.styles.js';
import { UpdatesToAdd } from './UpdatesToAdd.js';

/*
 * Plan owners bring the board's document in: a new plan, or the next version of a plan already
 * here. The page always shows what would happen first (a dry run: nothing is written), then does
 * it on the owner's word. A document whose title is already a plan's asks which plan it is.
 */

type Phase =
  | { step: 'choose' }
  | { step: 'working'; what: string }
  | { step: 'preview'; answer: Extract<ImportAnswer, { kind: 'dry-run' }> }
  | { step: 'clash'; candidates: PlanSummary[] }
  | { step: 'done'; answer: Exclude<ImportAnswer, { kind: 'dry-run' }> }
  | { step: 'failed'; error: ApiError };

const ACCEPTED = '.docx,.xlsx,.csv,.txt';

/** What the document holds or asks arrives after a wait: keyboard and screen-reader users are taken to it. Stable, so it runs once per arrival. */
const focusOnArrival = (heading: HTMLHeadingElement | null): void => heading?.focus();

function candidatesOf(error: ApiError): PlanSummary[] | null {
  if (error.code !== 'title_clash' || typeof error.current !== 'object' || error.current === null || !('candidates' in error.current)) return null;
  return Array.isArray(error.current.candidates) ? (error.current.candidates as PlanSummary[]) : null;
}

function Notes({ title, notes }: { title: string; notes: readonly ImportNote[] }) {
  const styles = useImportPageStyles();
  if (notes.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3 className={styles.subheading}>
        {title} ({notes.length})
      </h3>
      <ul className={styles.list}>
        {notes.slice(0, 50).map((note, i) => (
          <li key={i}>
            <span className={styles.location}>{describeLocation(note.at)}:</span> {note.message}
          </li>
        ))}
        {notes.length > 50 && <li>and {notes.length - 50} more</li>}
      </ul>
    </section>
  );
}

export function ImportPage({ planId }: { planId: string | null }) {
  const styles = useImportPageStyles();
  const { api } = useTab();
  const [file, setFile] = useState<File | null>(null);
  const [into, setInto] = useState<string | null>(planId);
  const [asNew, setAsNew] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });

  async function run(chosen: File, options: { into: string | null; asNew: boolean; dryRun: boolean }): Promise<void> {
    setPhase({ step: 'working', what: options.dryRun ? 'Reading the document…' : 'Importing…' });
    try {
      const answer = await api.importDocument({
        file: chosen,
        fileName: chosen.name,
        ...(options.into !== null && { into: options.into }),
        ...(options.dryRun && { dryRun: true }),
        ...(options.asNew && { asNew: true }),
      });
      setPhase(answer.kind === 'dry-run' ? { step: 'preview', answer } : { step: 'done', answer });
    } catch (thrown) {
      const error = asApiError(thrown);
      const candidates = candidatesOf(error);
      setPhase(candidates ? { step: 'clash', candidates } : { step: 'failed', error });
    }
  }

  const open = (id: string) => {
    const path = routePath({ view: 'plan', planId: id, ref: null });
    return (
      <Link
        href={hrefOf(path, '')}
        onClick={(e) => {
          e.preventDefault();
          navigate(path, '');
        }}
      >
        Open the plan
      </Link>
    );
  };

  return (
    <main className={styles.root} aria-labelledby="import-heading" data-import-step={phase.step}>
      <h1 id="import-heading" className={styles.heading}>
        {planId === null ? 'Import a plan' : 'Import a new version of this plan'}
      </h1>
      <p className={styles.intro}>
        Choose the board’s Word document or Excel workbook (or a CSV). You will see what it holds, and what would change, before anything is saved.
      </p>
      <Field className={styles.field} label="Plan document" hint="Word .docx, Excel .xlsx, CSV or the text export">
        {(control) => (
          <input
            {...control}
            className={styles.picker}
            type="file"
            accept={ACCEPTED}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              setAsNew(false);
              setInto(planId);
              if (chosen) void run(chosen, { into: planId, asNew: false, dryRun: true });
            }}
          />
        )}
      </Field>

      {phase.step === 'working' && <Spinner label={phase.what} />}

      {phase.step === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The document was not imported</MessageBarTitle>
            {phase.error.message} Nothing was saved.
          </MessageBarBody>
        </MessageBar>
      )}

      {phase.step === 'clash' && file && (
        <section aria-labelledby="clash-heading">
          <h2 id="clash-heading" className={mergeClasses(styles.subheading, styles.arrival)} tabIndex={-1} ref={focusOnArrival}>
            A plan with this title is already here. Is this its next version?
          </h2>
          <ul className={styles.candidates}>
            {phase.candidates.map((c) => (
              <li key={c.id} className={styles.candidate}>
                <span>
                  <strong>{c.title}</strong> ({c.actionCount} actions)
                </span>
                <Button
                  appearance="primary"
                  onClick={() => {
                    setInto(c.id);
                    void run(file, { into: c.id, asNew: false, dryRun: true });
                  }}
                >
                  Import into this plan
                </Button>
              </li>
            ))}
          </ul>
          <p>
            <Button
              onClick={() => {
                setAsNew(true);
                void run(file, { into: null, asNew: true, dryRun: true });
              }}
            >
              Import as a new plan
            </Button>
          </p>
        </section>
      )}

      {phase.step === 'preview' && file && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading" className={mergeClasses(styles.subheading, styles.arrival)} tabIndex={-1} ref={focusOnArrival}>
            {phase.answer.revision ? `What ${file.name} would change` : `What ${file.name} holds`}
          </h2>
          <p className={styles.summary}>
            <span>
              <strong>{phase.answer.title}</strong>
            </span>
            <span>{phase.answer.report.sectionCount} sections</span>
            <span>{phase.answer.report.actionCount} actions</span>
            <span>{phase.answer.report.updateCount} dated updates</span>
          </p>
          {phase.answer.revision && (
            <ul className={styles.list} aria-label="Changes">
              {describeRevision(phase.answer.revision).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
          {phase.answer.revision ? <UpdatesToAdd revision={phase.answer.revision} /> : <ColumnsRead tables={phase.answer.report.tables} />}
          <Notes title="To check" notes={phase.answer.report.notes} />
          <Notes title="Kept as written but not placed in an action" notes={phase.answer.report.unplaced} />
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => void run(file, { into, asNew, dryRun: false })}>
              {phase.answer.revision ? 'Apply the changes' : 'Import the plan'}
            </Button>
            <Button onClick={() => setPhase({ step: 'choose' })}>Cancel</Button>
          </div>
        </section>
      )}

      {phase.step === 'done' && (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>
              {phase.answer.kind === 'created' ? 'Imported as a new plan' : phase.answer.kind === 'unchanged' ? 'Nothing to change' : 'The new version was brought in'}
            </MessageBarTitle>
            {open(phase.answer.planId)}
          </MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

export default ImportPage;
