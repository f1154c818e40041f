// Renders every card of the bot with Microsoft's Adaptive Cards renderer in headless Chromium, with
// a host config close to Teams' light theme, and saves a PNG of each to docs/cards/.
//   node bin/run-ts.js scripts/render-cards.ts [--out docs/cards] [--chromium /usr/bin/chromium]
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildGallery } from '../test/bot/card-gallery.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/cards' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
const outDir = resolve(values.out);
const require = createRequire(import.meta.url);
const bundle = await readFile(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
const baseCss = await readFile(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');

/** Teams' light theme, as the Adaptive Cards designer's "Microsoft Teams" host approximates it. */
const foreground = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#252424', subtle: '#484644' },
  light: { default: '#FFFFFF', subtle: '#FFFFFF' },
  accent: { default: '#5B5FC7', subtle: '#6264A7' },
  good: { default: '#237B4B', subtle: '#237B4B' },
  warning: { default: '#8A5A00', subtle: '#8A5A00' },
  attention: { default: '#C4314B', subtle: '#C4314B' },
};
const hostConfig = {
  fontTypes: {
    default: {
      fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', system-ui, sans-serif",
      fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: "'Cascadia Mono', 'DejaVu Sans Mono', monospace",
      fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  spacing: { small: 6, default: 10, medium: 14, large: 20, extraLarge: 28, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  supportsInteractivity: true,
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: foreground },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: foreground },
    accent: { backgroundColor: '#E8EBFA', foregroundColors: foreground },
    good: { backgroundColor: '#E7F2DA', foregroundColors: foreground },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: foreground },
    attention: { backgroundColor: '#FCF4F6', foregroundColors: foreground },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 12, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  inputs: {
    label: { inputSpacing: 'small', requiredInputs: { suffix: ' *', suffixColor: 'attention' }, optionalInputs: {} },
    errorMessage: { size: 'small', color: 'attention' },
  },
};

const teamsCss = `
  body { margin: 0; background: #EBEBEB; font-family: 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif; }
  .frame { width: 720px; margin: 16px; background: #FFFFFF; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.18); overflow: hidden; }
  .ac-pushButton { font: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF; border: 1px solid #D1D1D1;
    border-radius: 4px; padding: 5px 14px; min-height: 32px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.expanded { background: #E8EBFA; border-color: #5B5FC7; color: #242424; }
  /* The package draws the ShowCard chevron with an icon font Teams has and this machine does not. */
  .ac-pushButton.expandable:after { font-family: inherit; font-size: 11px; font-weight: 400; content: "\\25BE"; margin-left: 6px; }
  .ac-pushButton.expandable.expanded:after { content: "\\25B4"; }
  .ac-input { font: inherit; font-size: 14px; color: #242424; }
  .ac-input.ac-textInput, .ac-input.ac-multichoiceInput { border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px; padding: 6px 10px; background: #FFFFFF; }
  .ac-input.ac-textInput.ac-multiline { min-height: 64px; }
  .ac-input.ac-input-validation-failed { border-color: #C4314B; }
  .ac-input-container { width: 100%; }
  ul { margin: 0; padding-left: 20px; }
  p { margin: 0; }
`;

function pageHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${baseCss}</style><style>${teamsCss}</style></head>
    <body><div class="frame" id="frame"><div id="card"></div></div></body></html>`;
}

interface RenderRequest {
  card: unknown;
  hostConfig: unknown;
}

const gallery = await buildGallery();
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 760, height: 900 }, deviceScaleFactor: 1 });
  // Nothing leaves the machine: the page is built from strings and its scripts are inline.
  await page.route('**/*', (route) => (route.request().url().startsWith('data:') || route.request().url() === 'about:blank' ? route.continue() : route.abort()));
  for (const entry of gallery) {
    await page.setContent(pageHtml());
    await page.addScriptTag({ content: bundle });
    await page.evaluate((json: string) => {
      const request = JSON.parse(json) as RenderRequest;
      interface Markdown {
        didProcess: boolean;
        outputHtml?: string;
      }
      interface Renderer {
        AdaptiveCard: (new () => { hostConfig: unknown; parse(json: unknown): void; render(): HTMLElement | undefined }) & {
          onProcessMarkdown?: (text: string, result: Markdown) => void;
        };
        HostConfig: new (json: unknown) => unknown;
      }
      const ac = (window as unknown as { AdaptiveCards: Renderer }).AdaptiveCards;
      // Teams renders a TextBlock's markdown: bold and "- " lists, the little the bot's own text uses.
      ac.AdaptiveCard.onProcessMarkdown = (text, result) => {
        const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const bold = escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
        result.outputHtml = bold.startsWith('- ') ? `<ul><li>${bold.slice(2)}</li></ul>` : `<p>${bold}</p>`;
        result.didProcess = true;
      };
      const card = new ac.AdaptiveCard();
      card.hostConfig = new ac.HostConfig(request.hostConfig);
      card.parse(request.card);
      const element = card.render();
      if (!element) throw new Error('the card did not render');
      document.getElementById('card')!.appendChild(element);
    }, JSON.stringify({ card: entry.card, hostConfig } satisfies RenderRequest));
    await page.mouse.move(0, 0);
    await page.locator('#frame').screenshot({ path: join(outDir, `${entry.name}.png`) });
    if (entry.name === 'reminder-several-actions') {
      // The same card with its first form open, as a lead sees it after pressing "Update ...".
      await page.locator('button.ac-pushButton', { hasText: /^Update / }).first().click();
      await page.mouse.move(0, 0);
      await page.locator('#frame').screenshot({ path: join(outDir, `${entry.name}-open.png`) });
    }
    console.log(`rendered ${entry.name}`);
  }
} finally {
  await browser.close();
}
console.log(`${gallery.length} cards rendered to ${outDir}`);
