/**
 * What a Graph request costs against SharePoint's per-app budget, in resource units
 * (sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 * 1 for a single-item read, 2 for a multi-item read or any create, update or delete, 5 for a
 * permission operation; a delta query 1 with a token and 2 without. Requests inside a $batch are
 * counted one by one.
 */
export function resourceUnitsFor(method: string, url: string): number {
  const path = url.split('?')[0] ?? url;
  if (/\/permissions(\/|$)/.test(path) || /\$expand=[^&]*permissions/.test(url)) return 5;
  if (method.toUpperCase() !== 'GET') return 2;
  if (/\/(items\/)?(microsoft\.graph\.)?delta(\(\))?\/?$/.test(path)) return /[?&]token=/.test(url) ? 1 : 2;
  // A single item: .../items/{id}, .../lists/{id}, .../sites/{id}, .../columns/{id}.
  return /\/(items|lists|sites|columns)\/[^/]+\/?$/.test(path) || /\/sites\/[^/]+$/.test(path) ? 1 : 2;
}
