import { Field, makeStyles, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import { financialYearOf, type AnnualReport as Report } from '../../../../src/plan/annual-report.js';
import { navigate } from '../../app/navigation.js';
import { routePath } from '../../app/routes.js';
import { useTab } from '../../app/tab-context.js';
import { formatDate } from '../../format/dates.js';
import { FileDownload } from '../FileDownload.js';
import { RagBadge } from '../RagBadge.js';

/** The years the picker offers: this one and the five before it, newest first, and the one asked for when it is older. */
function yearsToOffer(current: string, asked: string): string[] {
  const first = Number(current.slice(0, 4));
  const years = Array.from({ length: 6 }, (_, i) => `${first - i}-${String((first - i + 1) % 100).padStart(2, '0')}`);
  return years.includes(asked) ? years : [...years, asked];
}

type Loaded = { state: 'loading' } | { state: 'ready'; report: Report } | { state: 'failed'; message: string };

/**
 * The annual report pack in the tab: the same parts as the Word document (completed with their
 * impact, carried forward, RAG at the start and end of the year, each agency's actions and
 * updates), for the year the address names, with a picker to change it and the Word download.
 */
const useStyles = makeStyles({
  // The app's root does not scroll: the page does, with the tab's margins.
  page: { overflowY: 'auto', flexGrow: 1, paddingInline: '24px', paddingBlockEnd: '24px' },
  picker: { maxWidth: '12em' },
});

export default function AnnualReport({ planId, search }: { planId: string; search: string }) {
  const { api } = useTab();
  const styles = useStyles();
  // The plan's today, as the server reckons it in the plan's time zone, not this browser's clock.
  const [today, setToday] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getPlan(planId).then(
      (envelope) => live && setToday(envelope.today),
      () => live && setToday(null),
    );
    return () => {
      live = false;
    };
  }, [api, planId]);
  const current = today === null ? null : financialYearOf(today);
  const year = new URLSearchParams(search).get('year') ?? current ?? '';
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const available = api.getAnnualReport !== undefined;

  useEffect(() => {
    if (!api.getAnnualReport || year === '') return;
    let live = true;
    setLoaded({ state: 'loading' });
    api
      .getAnnualReport(planId, year)
      .then((report) => live && setLoaded({ state: 'ready', report }))
      .catch((error: unknown) => live && setLoaded({ state: 'failed', message: error instanceof Error ? error.message : 'The report could not be read.' }));
    return () => {
      live = false;
    };
  }, [api, planId, year]);

  const path = routePath({ view: 'report', planId });
  const picker = (
    <Field label="Financial year" className={styles.picker}>
      <Select value={year} onChange={(_, data) => navigate(path, `?${new URLSearchParams({ year: data.value })}`)}>
        {yearsToOffer(current ?? year, year).map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </Select>
    </Field>
  );

  let body: ReactNode;
  if (!available) body = <Text>The annual report is not available here.</Text>;
  else if (loaded.state === 'loading') body = <Spinner label="Reading the year…" />;
  else if (loaded.state === 'failed') body = <Text role="alert">The annual report could not be read: {loaded.message}</Text>;
  else body = <ReportParts report={loaded.report} />;

  return (
    <main className={styles.page}>
      <h1>Annual report {year}</h1>
      {picker}
      <DownloadAsWord planId={planId} year={year} />
      {body}
    </main>
  );
}

function ReportParts({ report }: { report: Report }) {
  const endDay = formatDate(report.asAt);
  return (
    <>
      <Text>
        {report.planTitle}: {formatDate(report.year.start)} to {formatDate(report.year.end)}
        {report.asAt < report.year.end ? ` (the year so far, to ${endDay})` : ''}
      </Text>
      <h2>Actions completed in the year, with their impact</h2>
      {report.completed.length === 0 ? (
        <Text>No action was completed in the year.</Text>
      ) : (
        <SimpleTable
          caption="Actions completed in the year"
          headings={['Ref', 'Action', 'Completed', 'Impact evidence', 'Agencies']}
          rows={report.completed.map((a) => [a.ref, a.title, formatDate(a.completedOn), a.evidence ?? 'No evidence was recorded.', a.agencies.join(', ')])}
        />
      )}
      <h2>Actions carried forward</h2>
      {report.carriedForward.length === 0 ? (
        <Text>Every action was closed by the end of the year.</Text>
      ) : (
        <SimpleTable
          caption={`Actions carried forward, as they stood on ${endDay}`}
          headings={['Ref', 'Action', 'RAG', 'Status', 'Timescale', 'Lateness']}
          rows={report.carriedForward.map((a) => [a.ref, a.title, <RagBadge key="rag" rag={a.rag} />, a.status, a.timescale, a.lateness ?? ''])}
        />
      )}
      <h2>RAG at the start and end of the year</h2>
      <SimpleTable
        caption="RAG at the start and end of the year"
        headings={['Ref', 'Action', `RAG on ${formatDate(report.year.start)}`, `RAG on ${endDay}`]}
        rows={report.rag.map((a) => [a.ref, a.title, a.start === null ? 'New in the year' : <RagBadge key="start" rag={a.start} />, <RagBadge key="end" rag={a.end} />])}
      />
      <h2>Each agency’s actions and updates</h2>
      {report.agencies.map((agency) => (
        <section key={agency.agency} aria-label={agency.agency}>
          <h3>
            {agency.agency}: {agency.actions.length} {agency.actions.length === 1 ? 'action' : 'actions'}, {agency.updateCount} {agency.updateCount === 1 ? 'update' : 'updates'} in the year
          </h3>
          <SimpleTable
            caption={`${agency.agency}’s actions`}
            headings={['Ref', 'Action', 'RAG at the end', 'Updates in the year']}
            rows={agency.actions.map((a) => [
              a.ref,
              a.title,
              <RagBadge key="rag" rag={a.rag} />,
              a.updates.length === 0 ? 'No update in the year.' : a.updates.map((u, i) => <div key={i}>{`${u.date === null ? 'Undated' : formatDate(u.date)}: ${u.text}${u.author ? ` (${u.author})` : ''}`}</div>),
            ])}
          />
        </section>
      ))}
    </>
  );
}

function SimpleTable({ caption, headings, rows }: { caption: string; headings: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <Table aria-label={caption} size="small">
      <TableHeader>
        <TableRow>
          {headings.map((h) => (
            <TableHeaderCell key={h}>{h}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((cells, r) => (
          <TableRow key={r}>
            {cells.map((c, i) => (
              <TableCell key={i}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** "Download as Word": the year's report as a Word document. */
function DownloadAsWord({ planId, year }: { planId: string; year: string }) {
  const { api } = useTab();
  const download = api.downloadAnnualReport?.bind(api);
  return (
    <p>
      <FileDownload
        href={`/api/plans/${encodeURIComponent(planId)}/annual-report.docx?${new URLSearchParams({ year })}`}
        label="Download as Word"
        fetchFile={download ? () => download(planId, year) : null}
      />
    </p>
  );
}
