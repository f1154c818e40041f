/**
 * A large plan in the seeds' own text-export shape (sections, header rows, page furniture, HTML in
 * cells, dated update histories), so a benchmark measures the whole import, not a shortcut.
 */
const LEADS = ['Jane Price', 'Louise West / Dawn Porter', 'DCI Wenham', 'LSCB training Managers', 'Chris Hanson/Julie Miles', 'Nigel Reid', 'Sarah Jasper', 'Pan Cheshire Group (PCSG)'];
const TIMESCALES = ['April 2013', 'Sept 17', 'Completed', 'Ongoing', 'Quarterly', 'Dec 2017', 'March 2018', 'Q2 2018/19', 'Business as usual', 'End 2018'];
const RAGS = ['Red', 'Amber', 'Green', 'Complete', ''];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

export function generateTextExport(actionCount: number, updatesPerAction: number, sectionSize = 100): string {
  const lines: string[] = ['', 'Generated Multi-agency Action Plan 2017-2018', '', 'A generated plan for benchmarks.', ''];
  const sections = Math.ceil(actionCount / sectionSize);
  let n = 0;
  for (let s = 1; s <= sections; s += 1) {
    lines.push(`Priority ${s}`, '', `Theme ${s} - partners will work together on it.`, '');
    lines.push('\tDesired Outcome\tAction\tLeads\tTimescale: complete by\tProgress\tRAG');
    for (let i = 1; i <= sectionSize && n < actionCount; i += 1, n += 1) {
      const updates: string[] = [];
      for (let u = 0; u < updatesPerAction; u += 1) {
        const month = MONTHS[(n + u) % 12]!;
        updates.push(`<p>${month} ${17 + ((n + u) % 2)} - progress note ${u + 1} on action ${s}.${i}; partners met and agreed next steps.</p>`);
      }
      lines.push(
        [
          `${s}.${i}`,
          `<p>Outcome ${s}.${i}: young people are safer.</p>`,
          `<p>Action ${s}.${i}: review referral pathway number ${n}.</p>`,
          LEADS[n % LEADS.length],
          TIMESCALES[n % TIMESCALES.length],
          updates.join(' '),
          RAGS[n % RAGS.length],
        ].join('\t'),
      );
      if (i % 40 === 0) lines.push('', 'GSC - Official', '', '\tDesired Outcome\tAction\tLeads\tTimescale: complete by\tProgress\tRAG');
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
