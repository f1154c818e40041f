/** Items of one plan or action, by their indexed lookup column: the only filter SharePoint keeps cheap beyond 5,000 items. */
export function byLookup(column: 'Plan' | 'Action', id: string): string {
  return `fields/${column}LookupId eq ${Number(id)}`;
}
