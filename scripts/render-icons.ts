/**
 * Renders the Teams app icons from their SVG sources in headless Chromium:
 * manifest/icons/color.svg -> manifest/color.png (192x192) and outline.svg -> outline.png (32x32,
 * white on transparent via omitBackground). The PNGs are committed; rerun this after editing an SVG:
 *   node bin/run-ts.js scripts/render-icons.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from './chromium.js';
import { ICON_SIZES } from './app-package/teams-rules.js';

const manifestDir = resolve(import.meta.dirname, '..', 'manifest');
const icons = [
  { source: 'icons/color.svg', out: 'color.png', size: ICON_SIZES.color },
  { source: 'icons/outline.svg', out: 'outline.png', size: ICON_SIZES.outline },
];

const browser = await launchChromium();
try {
  for (const icon of icons) {
    const svg = await readFile(join(manifestDir, icon.source), 'utf8');
    // deviceScaleFactor 1: one CSS pixel is one image pixel, so the PNG is exactly the icon's size.
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    await writeFile(join(manifestDir, icon.out), png);
    await page.close();
    console.log(`manifest/${icon.out}: ${icon.size}x${icon.size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
