/**
 * jsdom lacks layout: give elements a size so the virtualised list renders rows, and stand in for
 * the browser APIs Fluent UI and the virtualiser look for. Imported first by each tab test file.
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The first render of a lazy view transforms its module, and the store answers through SQLite: on a
// busy machine that takes longer than testing-library's default second.
configure({ asyncUtilTimeout: 5000 });

// Tall enough that every row of a sample plan is in view; virtualisation itself is measured in Chromium.
const VIEWPORT = { width: 1200, height: 100_000 };

Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT.height });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => VIEWPORT.width });
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 100 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => VIEWPORT.width });

if (!('ResizeObserver' in window)) {
  class ResizeObserverStandIn {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { configurable: true, writable: true, value: ResizeObserverStandIn });
}

if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList,
  });
}

if (!Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
