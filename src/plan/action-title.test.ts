import { describe, expect, it } from 'vitest';
import { actionTitle, MAX_TITLE_LENGTH } from './action-title.js';

describe('action title', () => {
  it('is the first sentence, without its full stop', () => {
    expect(actionTitle('The Pan Cheshire Strategic Group will produce a protocol defining joint working.')).toBe(
      'The Pan Cheshire Strategic Group will produce a protocol defining joint working',
    );
    expect(actionTitle('Initial draft completed. Final version distributed for signatures 19/07/17')).toBe('Initial draft completed');
  });

  it('is the whole text when it is one short sentence', () => {
    expect(actionTitle('Presentation to the GP forum on CSE and safeguarding')).toBe('Presentation to the GP forum on CSE and safeguarding');
  });

  it('does not end a sentence at "e.g.", "etc.)" or a decimal ref', () => {
    expect(actionTitle('Review screening tools (e.g. self-harm). Then more.')).toBe('Review screening tools (e.g. self-harm)');
    expect(actionTitle('Engage businesses (hotels etc.), district councils. More.')).toBe('Engage businesses (hotels etc.), district councils');
    expect(actionTitle('See action 1.4 for the checklist. More.')).toBe('See action 1.4 for the checklist');
  });

  it('cuts a long first sentence at a word boundary within 120 characters, ending in "…" (Cheshire 1.4)', () => {
    const text =
      "All directors of children's services, the chief medical officer, directors of public health and chief constables, the Royal Colleges, Police and Crime Commissioners, and the Department for Education, the Crown Prosecution Service and Chief Crown Prosecutors, should circulate the warning signs";
    const title = actionTitle(text);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith('…')).toBe(true);
    expect(title).toBe("All directors of children's services, the chief medical officer, directors of public health and chief constables, the…");
    expect(text.startsWith(title.slice(0, -1))).toBe(true);
  });

  it('drops trailing punctuation before a cut or at the end: "... will focus on :"', () => {
    expect(actionTitle('Develop a Pan Cheshire Media / Communication Strategy which will focus on :')).toBe(
      'Develop a Pan Cheshire Media / Communication Strategy which will focus on',
    );
  });

  it('cuts a single unbroken word hard, still within 120 characters', () => {
    const title = actionTitle('x'.repeat(300));
    expect(title).toBe(`${'x'.repeat(MAX_TITLE_LENGTH - 1)}…`);
  });

  it('uses the first paragraph and tidies whitespace', () => {
    expect(actionTitle('\n  Ensure   schools are focused\non raising awareness')).toBe('Ensure schools are focused');
    expect(actionTitle('')).toBe('');
  });
});
