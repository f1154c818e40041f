import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesMarkdown, markdownText } from '../../src/cli/commands/changes-markdown.js';
import type { Update } from '../../src/plan/update.js';
import type { PlanChangesAnswer } from '../../src/service/plan-changes.js';
import { openPlanStore } from '../../src/store/open-store.js';
import { change } from '../fixtures/action-changes.js';
import { planCli, ROOT as root, type CliRun } from './run-plan.js';

const update = (text: string, author: string | null): Update => ({
  id: 'u1',
  actionId: 'a1',
  sequence: 0,
  date: '2018-02-20',
  dateSource: 'recorded',
  author,
  authorId: null,
  text,
  origin: 'tab',
  ragAfter: null,
  timescaleAfter: null,
  key: 'k1',
  recordedAt: '2018-02-20T10:00:00.000Z',
});

const ANSWER: PlanChangesAnswer = {
  since: '2018-02-12',
  today: '2018-03-01',
  lastMeeting: { date: '2018-02-12', source: 'entered', title: 'Partnership Board' },
  nextMeeting: null,
  counts: { actionsChanged: 1, newUpdates: 1, ragChanged: 1, timescaleMoved: 0, newlyOverdue: 0, completed: 1 },
  actions: [
    {
      actionId: 'a1',
      ref: '1.6',
      title: 'Work with Adult Social Care',
      newUpdates: [update('- *urgent* <b>done</b>\n# not a heading', 'Louise West')],
      rag: { was: 'Amber', now: 'Complete' },
      timescale: null,
      otherChanges: [],
      newlyOverdue: false,
      completed: true,
      requests: [],
    },
  ],
};

describe('"since the last meeting" as Markdown', () => {
  it('heads the summary with the plan and the meeting, counts the changes, and lists each changed action', () => {
    expect(changesMarkdown({ title: 'CSE plan' }, ANSWER).split('\n')).toEqual([
      '# CSE plan: changes since the last meeting (12 Feb 2018, Partnership Board)',
      '',
      '**1 action changed:** 1 new update, 1 RAG change, 0 timescales moved, 0 newly overdue, 1 completed',
      '',
      '## 1.6 Work with Adult Social Care',
      '',
      '- **Completed**',
      '- RAG was Amber, now **Complete**',
      '- 20 Feb 2018: \\- \\*urgent\\* \\<b\\>done\\</b\\> # not a heading (Louise West)',
    ]);
  });

  it("keeps people's words from becoming Markdown: emphasis, HTML, links, and a list or heading where they begin", () => {
    expect(markdownText('3. agreed')).toBe('3\\. agreed');
    expect(markdownText('> quoted [link](x)')).toBe('\\> quoted \\[link\\](x)');
    expect(markdownText('a\\b_c`d|e~f')).toBe('a\\\\b\\_c\\`d\\|e\\~f');
  });

  it('says so when nothing has changed', () => {
    const none: PlanChangesAnswer = { ...ANSWER, actions: [], counts: { actionsChanged: 0, newUpdates: 0, ragChanged: 0, timescaleMoved: 0, newlyOverdue: 0, completed: 0 } };
    expect(changesMarkdown({ title: 'CSE plan' }, none)).toContain('Nothing has changed.');
  });
});

describe('plan changes --format markdown', () => {
  let dir: string;
  let plan: (...args: string[]) => Promise<CliRun>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-changes-markdown-'));
    const db = join(dir, 'plans.db');
    plan = planCli(db);
    await plan('import', join(root, 'samples/gloucestershire-cse-2017-18.txt'));
    const store = await openPlanStore({ kind: 'sqlite', path: db });
    const [only] = await store.listPlans();
    const a = (await store.getActionByRef(only!.id, '1.6'))!;
    await store.changeAction(a.id, a.version, change({ rag: 'Red', changedAt: '2018-02-20T10:00:00.000Z' }, { author: 'Louise West' }));
    await store.close();
    await plan('meetings', 'add', '2018-02-12', '--title', 'Partnership Board');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the same changes as the text, as Markdown', async () => {
    const { code, stdout } = await plan('changes', '--format', 'markdown');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Gloucestershire[^\n]*: changes since the last meeting \(12 Feb 2018, Partnership Board\)/);
    expect(stdout).toMatch(/## 1\.6 Work with Adult Social Care[^\n]*\n\n- RAG was Not set, now \*\*Red\*\*/);
  });

  it('refuses a format it does not know, naming those it does', async () => {
    const { code, stderr } = await plan('changes', '--format', 'pdf');
    expect(code).not.toBe(0);
    expect(stderr).toContain('text, markdown, json, docx');
  });
});
