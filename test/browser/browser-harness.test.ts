import { describe, expect, it, vi } from 'vitest';
import { ChromiumMissingError, chromiumForTests, launchChromium } from './browser-harness.js';

const MISSING = { PLAN_CHROMIUM: '/nonexistent/chromium' };

describe('browser harness', () => {
  it('fails a browser test in CI when Chromium is missing, saying how to install it', () => {
    expect(() => chromiumForTests({ ...MISSING, CI: 'true' })).toThrow(ChromiumMissingError);
    expect(() => chromiumForTests({ ...MISSING, CI: 'true' })).toThrow(/\/nonexistent\/chromium.*scripts\/install-chromium\.sh/);
  });

  it('skips (null, with a warning) on a developer machine without Chromium', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(chromiumForTests(MISSING)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('install-chromium.sh'));
    warn.mockRestore();
  });

  it('refuses to launch a missing executable with the install hint, not playwright\'s download advice', async () => {
    await expect(launchChromium({ env: MISSING })).rejects.toThrow(/Chromium not found at \/nonexistent\/chromium: run `bash scripts\/install-chromium\.sh`/);
  });
});
