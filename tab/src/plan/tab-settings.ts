import type { TabInstanceSettings } from '../host/tab-host.js';
import { writeFilter, type TabFilter } from './tab-filter.js';

/**
 * What a channel or meeting tab saves: its content URL opens the chosen plan with the chosen
 * filter, so the pinned tab shows, say, one lead's actions or only red and amber.
 */
export function tabSettings(options: { origin: string; basePath: string; planId: string; planTitle: string; filter: TabFilter; name: string }): TabInstanceSettings {
  const query = writeFilter(options.filter).toString();
  const url = `${options.origin}${options.basePath}/plans/${encodeURIComponent(options.planId)}${query ? `?${query}` : ''}`;
  return {
    contentUrl: url,
    websiteUrl: url,
    entityId: `plan:${options.planId}${query ? `?${query}` : ''}`,
    suggestedDisplayName: (options.name.trim() || options.planTitle).slice(0, 128),
  };
}
