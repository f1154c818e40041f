import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { change } from '../fixtures/action-changes.js';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { revisePlan } from '../../src/plan/plan-revision.js';
import { changeActionFields } from '../../src/service/change-action.js';
import { recordUpdate, type RecordUpdateInput } from '../../src/service/record-update.js';
import { revisionKey } from '../../src/store/revision-keys.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { newUpdate } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** UpdateLog: updates appended, never overwritten, a key recorded once, with the change they ask for. */
export function updateLogContract(ctx: ContractContext): void {
  const { byRef, refs, makeStore } = ctx;
  describe('conflicts and uniqueness', () => {
    let store: PlanStore;
    beforeEach(() => {
      ({ store } = ctx.current());
    });

    it('records an update once when the same key is appended twice', async () => {
      const action = await byRef('1.13');
      const first = await store.appendUpdate(action.id, newUpdate('card:1.13:abc'));
      const second = await store.appendUpdate(action.id, newUpdate('card:1.13:abc', { text: 'a retried invoke' }));
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.update).toEqual(first.update);
      const after = await byRef('1.13');
      expect(after.updates.filter((u) => u.key === 'card:1.13:abc')).toHaveLength(1);
      expect(after.updates).toHaveLength(3);
    });

    it('records an update once when the same key is appended twice at the same moment', async () => {
      const action = await byRef('1.13');
      const results = await Promise.all([store.appendUpdate(action.id, newUpdate('card:1.13:twice')), store.appendUpdate(action.id, newUpdate('card:1.13:twice'))]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(results[0]!.update.id).toBe(results[1]!.update.id);
      expect((await byRef('1.13')).updates.filter((u) => u.key === 'card:1.13:twice')).toHaveLength(1);
    });

    it('keeps both updates when two people append at once: updates never overwrite each other', async () => {
      const action = await byRef('4.3');
      await Promise.all([store.appendUpdate(action.id, newUpdate('k-one', { text: 'one' })), store.appendUpdate(action.id, newUpdate('k-two', { text: 'two' }))]);
      const after = await byRef('4.3');
      expect(after.updates.map((u) => u.text)).toEqual(expect.arrayContaining(['one', 'two']));
      expect(after.updates).toHaveLength(4);
      expect(after.updates.map((u) => u.sequence)).toEqual([0, 1, 2, 3]);
    });

    it('does not change the version when an update is appended, so a pending RAG change still applies', async () => {
      const read = await byRef('4.3');
      await store.appendUpdate(read.id, newUpdate('k-version'));
      const afterAppend = await byRef('4.3');
      expect(afterAppend.version).toBe(read.version);
      expect(afterAppend.lastUpdated).toBe('2018-03-01');
      const changed = await store.changeAction(read.id, read.version, change({ rag: 'Green', changedAt: '2018-03-01T11:00:00.000Z' }));
      expect(changed.rag).toBe('Green');
      expect(changed.version).not.toBe(read.version);
    });
  });

  describe('updates and changes', () => {
    let store: PlanStore;
    beforeEach(() => {
      ({ store } = ctx.current());
    });

    it('appends an update at the end of the history and makes it the latest', async () => {
      const action = await byRef('4.3');
      const { update, created } = await store.appendUpdate(action.id, newUpdate('k-latest', { ragAfter: 'Green', timescaleAfter: 'March 2018' }));
      expect(created).toBe(true);
      expect(update).toEqual({ ...newUpdate('k-latest', { ragAfter: 'Green', timescaleAfter: 'March 2018' }), id: update.id, actionId: action.id, sequence: 2 });
      const after = await byRef('4.3');
      expect(after.updates.at(-1)).toEqual(update);
      expect(after.lastUpdated).toBe('2018-03-01');
      expect(after.rag).toBe('Amber');
      expect(await refs({ changedSince: '2018-03-01' })).toEqual(['4.3']);
      expect(await refs({ text: 'practice nurses' })).toEqual(['4.3']);
    });

    it('answers an update for an unknown action with action_not_found', async () => {
      const action = await byRef('4.3');
      await expect(store.appendUpdate(`${action.id}-gone`, newUpdate('k-missing'))).rejects.toMatchObject({ code: 'action_not_found' });
    });

    it('refuses an update without text or key, recording nothing', async () => {
      const action = await byRef('4.3');
      await expect(store.appendUpdate(action.id, newUpdate('k-empty', { text: '   ' }))).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(store.appendUpdate(action.id, newUpdate(''))).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await byRef('4.3')).updates).toHaveLength(2);
    });

    it('changes a RAG, dating the action by the change and keeping its other fields', async () => {
      const read = await byRef('4.5');
      const changed = await store.changeAction(read.id, read.version, change({ rag: 'Amber', changedAt: '2018-03-02T10:00:00.000Z' }));
      const { version: _before, lastUpdated: _none, rag: _rag, updates: _updates, history: _history, ...unchanged } = read;
      expect(changed).toMatchObject({ ...unchanged, rag: 'Amber', lastUpdated: '2018-03-02' });
      expect(await store.getAction(read.id)).toMatchObject({ rag: 'Amber', version: changed.version, lastUpdated: '2018-03-02', updates: [] });
      expect(await refs({ changedSince: '2018-03-02' })).toEqual(['4.5']);
    });

    it('changes a timescale, moving the action in the due-date filters', async () => {
      const read = await byRef('4.5');
      const changed = await store.changeAction(read.id, read.version, change({
        timescale: { asWritten: 'Dec 2017', reading: { kind: 'due', due: '2017-12-31', period: '2017-12', note: null }, flag: null },
        changedAt: '2018-03-01T10:00:00.000Z',
      }));
      expect(changed).toMatchObject({ rag: 'Not set', timescale: { asWritten: 'Dec 2017' } });
      expect(await refs({ dueBefore: '2017-12-31' })).toContain('4.5');
      expect(await refs({ overdue: true, today: '2018-03-01' })).toContain('4.5');
    });

    it('takes an action marked completed out of the overdue list', async () => {
      const read = await byRef('4.3');
      await store.changeAction(read.id, read.version, change({
        timescale: { asWritten: 'Completed March 2018', reading: { kind: 'completed', on: '2018-03', note: null }, flag: null },
        changedAt: '2018-03-01T10:00:00.000Z',
      }));
      expect(await refs({ overdue: true, today: '2018-03-01' })).toEqual(['1.7', '4.4']);
      const a44 = await byRef('4.4');
      await store.changeAction(a44.id, a44.version, change({ rag: 'Complete', changedAt: '2018-03-01T10:00:00.000Z' }));
      expect(await refs({ overdue: true, today: '2018-03-01' })).toEqual(['1.7']);
    });

    it('answers a change to an unknown action with action_not_found', async () => {
      const read = await byRef('4.3');
      await expect(store.changeAction(`${read.id}-gone`, read.version, change({ rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' }))).rejects.toMatchObject({ code: 'action_not_found' });
    });
  });

  describe("a person's update and the change it asks for", () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    const NOW = new Date('2018-03-01T10:00:00.000Z');
    const tab = () => ({ by: { author: 'Jane Price', authorId: null, origin: 'tab' as const }, key: `tab:${randomUUID()}`, mayClose: true });
    const asked = (action: ActionWithUpdates, key: string, overrides: Partial<RecordUpdateInput> = {}): RecordUpdateInput => ({
      actionId: action.id,
      text: 'Practice nurses trained; audit due',
      author: 'Jane Price',
      authorId: null,
      origin: 'tab',
      mayClose: true,
      key,
      now: NOW,
      today: '2018-03-01',
      ...overrides,
    });

    it('a replayed key leaves a later RAG change alone, with or without a version', async () => {
      const read = await byRef('4.3');
      const first = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red', expectedVersion: read.version }));
      expect(first).toMatchObject({ created: true, action: { rag: 'Red' } });
      const green = await store.changeAction(read.id, first.action.version, change({ rag: 'Green', changedAt: '2018-03-01T11:00:00.000Z' }));

      const withoutVersion = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red' }));
      const withOldVersion = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red', expectedVersion: read.version }));
      for (const replay of [withoutVersion, withOldVersion]) {
        expect(replay.created).toBe(false);
        expect(replay.update).toEqual(first.update);
        expect(replay.action).toMatchObject({ rag: 'Green', version: green.version });
      }
      const after = await byRef('4.3');
      expect(after).toMatchObject({ rag: 'Green', version: green.version });
      expect(after.updates.filter((u) => u.key === 'tab:replay-later')).toHaveLength(1);
    });

    it('a retry with the old version after a save answers already-recorded, not conflict, and changes nothing, even after a later change', async () => {
      const read = await byRef('4.5');
      const saved = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
      const retry = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
      expect(retry.created).toBe(false);
      expect(retry.update).toEqual(saved.update);
      expect(retry.action).toMatchObject({ version: saved.action.version, timescale: { asWritten: 'June 2018' } });

      const july = await changeActionFields(store, saved.action, saved.action.version, { timescale: 'July 2018', now: NOW, today: '2018-03-01', ...tab() });
      const late = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
      expect(late).toMatchObject({ created: false, update: saved.update, action: { version: july.version, timescale: { asWritten: 'July 2018' } } });
      expect((await byRef('4.5')).updates).toHaveLength(1);
    });

    it('records two presses of one submission at once a single time, neither told of a conflict', async () => {
      const read = await byRef('4.3');
      const both = await Promise.all([
        recordUpdate(store, asked(read, 'tab:double-press', { rag: 'Red', expectedVersion: read.version })),
        recordUpdate(store, asked(read, 'tab:double-press', { rag: 'Red', expectedVersion: read.version })),
      ]);
      expect(both.map((r) => r.created).sort()).toEqual([false, true]);
      expect(both[0]!.update.id).toBe(both[1]!.update.id);
      const after = await byRef('4.3');
      expect(after.rag).toBe('Red');
      expect(after.updates.filter((u) => u.key === 'tab:double-press')).toHaveLength(1);
    });

    it('a key reused on another action is refused, naming the key and both actions, and nothing is written', async () => {
      const a43 = await byRef('4.3');
      await recordUpdate(store, asked(a43, 'tab:reused-key', { rag: 'Red' }));
      const a44 = await byRef('4.4');
      const withChange = await recordUpdate(store, asked(a44, 'tab:reused-key', { rag: 'Green', expectedVersion: a44.version })).catch((e: unknown) => e);
      const textOnly = await store.appendUpdate(a44.id, newUpdate('tab:reused-key')).catch((e: unknown) => e);
      for (const error of [withChange, textOnly]) {
        expect(error).toBeInstanceOf(PlanError);
        expect(error).toMatchObject({ code: 'key_reused', status: 409 });
        expect((error as PlanError).message).toMatch(/"tab:reused-key".*\b4\.3\b.*\b4\.4\b/);
      }
      expect(await byRef('4.4')).toEqual(a44);
      expect((await byRef('4.3')).updates.filter((u) => u.key === 'tab:reused-key')).toHaveLength(1);
    });

    it("records a person's update even when it is sent with an imported update's key, leaving that entry alone", async () => {
      const read = await byRef('4.3');
      const imported = read.updates[0]!;
      const result = await recordUpdate(store, asked(read, imported.key, { rag: 'Red', expectedVersion: read.version }));
      expect(result.created).toBe(true);
      expect(result.update.key).not.toBe(imported.key);
      const after = await byRef('4.3');
      expect(after.rag).toBe('Red');
      expect(after.updates[0]).toEqual(imported);
      expect(after.updates).toHaveLength(3);
    });

    it("cannot take the key of a revision's history entry, so bringing the next version in still records it", async () => {
      const a44 = await byRef('4.4');
      await recordUpdate(store, asked(a44, revisionKey(a44.id, 'rag', 'Red', 'Amber'), { text: 'Moving to Amber at the board' }));
      const next = gloucestershireExtract();
      next.actions.find((a) => a.ref === '4.4')!.rag = 'Amber';
      await store.applyRevision(revisePlan((await store.exportPlan(plan.id))!, next), next, {
        recordedAt: '2018-03-05T09:00:00.000Z',
        recordedOn: '2018-03-05',
        author: 'Plan Owner',
        source: 're-import of glos-v2.docx',
      });
      const after = await byRef('4.4');
      expect(after.updates.map((u) => u.text)).toContain('Moving to Amber at the board');
      expect(after.history.at(-1)).toMatchObject({ origin: 're-import', changes: [{ field: 'rag', was: 'Red', now: 'Amber' }] });
    });

    it('gives imported updates keys that the plan, its refs and the store do not tell', async () => {
      const other = await makeStore();
      try {
        const again = await other.store.importPlan(gloucestershireExtract());
        const keysOf = async (s: PlanStore, planId: string): Promise<string[]> => (await s.exportPlan(planId))!.actions.flatMap((a) => a.updates.map((u) => u.key));
        const [here, there] = [await keysOf(store, plan.id), await keysOf(other.store, again.id)];
        expect(here).toHaveLength(there.length);
        for (const key of here) expect(there).not.toContain(key);
      } finally {
        await other.cleanup();
      }
    });

    it('answers a change asked with a stale version with a conflict, even when the value asked for is already current', async () => {
      const read = await byRef('4.3');
      const red = await store.changeAction(read.id, read.version, change({ rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' }));
      for (const ask of [{ rag: 'Red' as const }, { timescale: read.timescale.asWritten }]) {
        const error = await changeActionFields(store, await byRef('4.3'), read.version, { ...ask, now: NOW, today: '2018-03-01', ...tab() }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect((error as VersionConflictError<ActionWithUpdates>).current).toMatchObject({ rag: 'Red', version: red.version });
      }
      const current = await byRef('4.3');
      expect(await changeActionFields(store, current, red.version, { rag: 'Red', now: NOW, today: '2018-03-01', ...tab() })).toMatchObject({ rag: 'Red', version: red.version });
      expect((await byRef('4.3')).version).toBe(red.version);
    });
  });
}
