import { beforeEach, describe, expect, it } from 'vitest';
import { PlanError } from '../../src/plan/errors.js';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { gloucestershireExtract, panCheshireExtract } from '../fixtures/plan-drafts.js';
import { LOUISE, DAWN, NATALIE, mapping } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** LeadMappingStore: who each lead is, upserted by lead key, all or nothing. */
export function leadMappingsContract(ctx: ContractContext): void {
  describe('lead mappings', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    const louise = mapping('louise west', 'Louise West', { status: 'confirmed', target: LOUISE, candidates: [LOUISE], confirmedBy: 'Plan owner' });
    const dawn = mapping('dawn porter', 'Dawn Porter', { status: 'suggested', target: DAWN, candidates: [DAWN] });
    const jane = mapping('jane price', 'Jane Price', { status: 'ambiguous', candidates: [
        { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a03', displayName: 'Jane Price', mail: 'jane.price@glos-health.example', jobTitle: 'Named Nurse' },
        { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a04', displayName: 'Jane Price', mail: 'jane.price@glos-schools.example', jobTitle: null },
      ],
    });

    it('has none for a plan nobody has matched yet', async () => {
      expect(await store.listLeadMappings(plan.id)).toEqual([]);
    });

    it('reads back every field of what was saved, in lead key order', async () => {
      const natalie = mapping('natalie oakley', 'Natalie Oakley', { status: 'confirmed', target: NATALIE, confirmedBy: 'Plan owner', updatedAt: '2018-01-06T10:30:00+01:00' });
      await store.saveLeadMappings(plan.id, [louise, natalie, jane, dawn]);
      expect(await store.listLeadMappings(plan.id)).toEqual([dawn, jane, louise, natalie]);
    });

    it('replaces a mapping of the same lead key and leaves the others as they were', async () => {
      await store.saveLeadMappings(plan.id, [dawn, jane]);
      const confirmedDawn = { ...dawn, status: 'confirmed' as const, confirmedBy: 'Plan owner', updatedAt: '2018-01-07T09:00:00.000Z' };
      await store.saveLeadMappings(plan.id, [confirmedDawn, louise]);
      expect(await store.listLeadMappings(plan.id)).toEqual([confirmedDawn, jane, louise]);
    });

    it('keeps both owners’ mappings when two save different leads at once', async () => {
      await Promise.all([store.saveLeadMappings(plan.id, [louise]), store.saveLeadMappings(plan.id, [dawn])]);
      expect((await store.listLeadMappings(plan.id)).map((m) => m.lead)).toEqual(['dawn porter', 'louise west']);
    });

    it('saves all or nothing: one bad mapping refuses the save, naming the lead and the field', async () => {
      await store.saveLeadMappings(plan.id, [dawn]);
      const noTarget = mapping('sarita walker', 'Sarita Walker', { status: 'confirmed', confirmedBy: 'Plan owner' });
      const error = await store.saveLeadMappings(plan.id, [louise, noTarget]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanError);
      expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/lead "sarita walker".*target/) });
      await expect(store.saveLeadMappings(plan.id, [mapping('Louise  West', 'Louise West')])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/lead key/) });
      await expect(store.saveLeadMappings(plan.id, [louise, { ...louise, writtenAs: 'Louise West West' }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/twice/) });
      await expect(store.saveLeadMappings(plan.id, [mapping('izzy dougan', 'Izzy Dougan', { status: 'confirmed', target: { ...LOUISE, id: null }, confirmedBy: 'Plan owner' })])).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/target\.id.*object id/),
      });
      expect(await store.listLeadMappings(plan.id)).toEqual([dawn]);
    });

    it('keeps a lead with no account in the tenant as the email address the owner gave, and nothing that could pass for a directory object', async () => {
      const izzy = mapping('izzy dougan', 'Izzy Dougan', { status: 'confirmed', target: { kind: 'email', id: null, displayName: 'Izzy Dougan', mail: 'izzy.dougan@police.example' }, confirmedBy: 'Plan owner' });
      await store.saveLeadMappings(plan.id, [izzy, dawn]);
      expect(await store.listLeadMappings(plan.id)).toEqual([dawn, izzy]);
      const withId = { ...izzy, target: { ...izzy.target!, id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a05' } };
      await expect(store.saveLeadMappings(plan.id, [withId])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/target\.id.*no object id/) });
      for (const mail of ['Izzy <izzy.dougan@police.example>', 'izzy.dougan@police.example, boss@police.example', 'izzy', null]) {
        await expect(store.saveLeadMappings(plan.id, [{ ...izzy, target: { ...izzy.target!, mail } }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/target\.mail/) });
      }
      expect(await store.listLeadMappings(plan.id)).toEqual([dawn, izzy]);
    });

    it('keeps each plan’s mappings apart, even for a lead of the same name', async () => {
      const cheshire = await store.importPlan(panCheshireExtract());
      const otherLouise = { ...louise, target: { ...LOUISE, id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a99', mail: 'l.west@cheshire.example' } };
      await store.saveLeadMappings(plan.id, [louise]);
      await store.saveLeadMappings(cheshire.id, [otherLouise]);
      expect(await store.listLeadMappings(plan.id)).toEqual([louise]);
      expect(await store.listLeadMappings(cheshire.id)).toEqual([otherLouise]);
    });

    it('keeps the mappings when the plan is imported again in its place', async () => {
      await store.saveLeadMappings(plan.id, [louise, dawn]);
      await store.importPlan(gloucestershireExtract(), { replacePlanId: plan.id });
      expect(await store.listLeadMappings(plan.id)).toEqual([dawn, louise]);
    });

    it('removes the mappings with their plan', async () => {
      await store.saveLeadMappings(plan.id, [louise, dawn]);
      await store.deletePlan(plan.id);
      await expect(store.listLeadMappings(plan.id)).rejects.toMatchObject({ code: 'plan_not_found' });
      const again = await store.importPlan(gloucestershireExtract());
      expect(await store.listLeadMappings(again.id)).toEqual([]);
    });

    it('answers an unknown plan with plan_not_found, saving nothing', async () => {
      await expect(store.listLeadMappings('no-such-plan')).rejects.toMatchObject({ code: 'plan_not_found' });
      await expect(store.saveLeadMappings('no-such-plan', [louise])).rejects.toMatchObject({ code: 'plan_not_found' });
    });
  });
}
