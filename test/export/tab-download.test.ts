import { describe, expect, it } from 'vitest';
import { createPlanApi, fileNameOf } from '../../tab/src/api/plan-api.js';

describe("the tab's Export to Word download", () => {
  it("fetches the plan's Word document with the person's token and the filter's lead, named as the server names it", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const api = createPlanApi({
      getToken: async () => 'sso-token',
      fetch: async (url, init) => {
        seen.push({ url: String(url), auth: new Headers(init?.headers).get('Authorization') });
        return new Response(new Uint8Array([80, 75, 3, 4]), {
          status: 200,
          headers: { 'Content-Disposition': `attachment; filename="Plan 2018.docx"; filename*=UTF-8''${encodeURIComponent('Plan – 2018.docx')}` },
        });
      },
    });
    const { blob, fileName } = await api.downloadExport!('p 1', 'docx', { lead: 'Louise West' });
    expect(seen).toEqual([{ url: '/api/plans/p%201/export.docx?lead=Louise+West', auth: 'Bearer sso-token' }]);
    expect(fileName).toBe('Plan – 2018.docx');
    expect(blob.size).toBe(4);
  });

  it('reads a refusal as the API error the tab shows', async () => {
    const api = createPlanApi({ getToken: async () => null, fetch: async () => new Response(JSON.stringify({ error: { code: 'plan_not_found', message: 'no plan' } }), { status: 404 }) });
    await expect(api.downloadExport!('p', 'docx', {})).rejects.toMatchObject({ kind: 'not-found', message: 'no plan' });
  });

  it('takes the plain file name when the encoded one is missing or broken', () => {
    expect(fileNameOf('attachment; filename="Plan.docx"')).toBe('Plan.docx');
    expect(fileNameOf("attachment; filename=\"Plan.docx\"; filename*=UTF-8''%E0%A4%A")).toBe('Plan.docx');
    expect(fileNameOf(null)).toBeNull();
  });
});
