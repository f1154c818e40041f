import { describe, expect, it } from 'vitest';
import { cellParagraphs, plainText } from '../../src/import/cell-text.js';
import { PlanError } from '../../src/plan/errors.js';

describe('cell text', () => {
  it('reads plain text with no tags as one paragraph, whitespace normalised', () => {
    expect(cellParagraphs('  Jane Price/  Lynne\u00a0Speak ')).toEqual(['Jane Price/ Lynne Speak']);
  });

  it('reads nothing from an empty cell or one of only spaces and tags', () => {
    expect(cellParagraphs('')).toEqual([]);
    expect(cellParagraphs(' <p> </p> <br> ')).toEqual([]);
  });

  it('makes <p>, <li>, <div> and <br> boundaries between paragraphs', () => {
    expect(cellParagraphs('<p>Update July 2013</p> <p>ACPO 2.6</p>')).toEqual(['Update July 2013', 'ACPO 2.6']);
    expect(cellParagraphs('<ul><li>one</li><li>two</li></ul>')).toEqual(['one', 'two']);
    expect(cellParagraphs('<div>first</div><div>second<br>third</div>')).toEqual(['first', 'second', 'third']);
  });

  it('runs <u>, <b> and <span> inline, inside their paragraph', () => {
    expect(cellParagraphs('<p><u>FUTHER WORK</u> - We need to <b>scope</b> the <span style="color:red">extent</span></p>')).toEqual(['FUTHER WORK - We need to scope the extent']);
  });

  it('decodes entities into text', () => {
    expect(cellParagraphs('<p>Task &amp; Finish &ndash; Boys&#39; worker &lt;18&gt;</p>')).toEqual(["Task & Finish – Boys' worker <18>"]);
  });

  it('strips "•" bullets and makes each bulleted item a paragraph', () => {
    expect(cellParagraphs('<ul style="list-style-type: none"> •Development started on a working document. •Activities and pilots planned.')).toEqual([
      'Development started on a working document.',
      'Activities and pilots planned.',
    ]);
  });

  it('keeps the text of a list the export left unclosed', () => {
    expect(cellParagraphs('<ul style="list-style-type: none"> teaching young people about sexual consent; ')).toEqual(['teaching young people about sexual consent;']);
  });

  it('drops style sheets, which are not text anyone reads', () => {
    expect(cellParagraphs('<style>p { color: red }</style><p>Complete</p>')).toEqual(['Complete']);
  });

  const refusals: [string, string][] = [
    ['<script>alert(1)</script>done', '<script>'],
    ['<p>ok</p><script src="x.js">', '<script>'],
    ['text <script', '<script>'],
    ['<iframe src="https://example.org"></iframe>', '<iframe>'],
    ['<object data="x.swf"></object>', '<object>'],
    ['<embed src="x.swf">', '<embed>'],
    ['<img src=x onerror=alert(1)>', 'onerror='],
    ['<p onclick="go()">Click</p>', 'onclick='],
    ['<a href="javascript:alert(1)">link</a>', 'javascript: link'],
    ['<a href="jav&#x09;ascript:alert(1)">link</a>', 'javascript: link'],
    ['<a href=" JAVASCRIPT:alert(1)">link</a>', 'javascript: link'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">link</a>', 'data: link'],
  ];
  it.each(refusals)('refuses %s as active content, naming what it found', (markup, what) => {
    expect(() => cellParagraphs(markup)).toThrow(expect.objectContaining({ code: 'import_unsafe_content', message: expect.stringContaining(what) }));
  });

  it('says where the active content was: file, line and column', () => {
    let error: unknown;
    try {
      cellParagraphs('<script>x</script>', { file: 'plan.txt', line: 16, column: 'Progress' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).message).toMatch(/^plan\.txt, line 16, column "Progress": the cell contains <script>/);
  });

  it('reads words that only mention scripts as text, since they are not markup', () => {
    expect(cellParagraphs('&lt;script&gt; was found in the old site; javascript: links removed')).toEqual(['<script> was found in the old site; javascript: links removed']);
  });
});

describe('plainText', () => {
  it('reads a cell as one line with its entities as characters, so a header says what the document says', () => {
    expect(plainText('<p>Lead &amp; partner</p><p>(&lt;agency&gt;)&nbsp;</p>')).toBe('Lead & partner (<agency>)');
    expect(plainText('<p>&lt;img src=x onerror=alert(1)&gt;</p>')).toBe('<img src=x onerror=alert(1)>');
  });
});
