/** What browser tests read of a meeting's windows (tab/README.md, "Hooks for browser tests"). */
import type { Page } from 'playwright-core';

/** A search parameter of the window's address: `at` is the action its stage shows. */
export const paramOf = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name);

export const atOf = (page: Page): string | null => paramOf(page, 'at');

/** The stage's bar saying who presents and who follows. */
export const followBar = (page: Page) => page.getByRole('region', { name: 'Meeting walk-through' });
