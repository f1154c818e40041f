/**
 * The form of every id Microsoft Entra ID gives (tenants, applications, users, groups): 32 hex
 * digits in 8-4-4-4-12 groups, either case. The source is exported for patterns that embed it
 * (a SharePoint site id is host,GUID,GUID).
 */
export const GUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A whole value that is a GUID. */
export const GUID = new RegExp(`^${GUID_SOURCE}$`, 'i');

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
