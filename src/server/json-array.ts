/*
 * The stores hand out frozen, cached views that stay the same object until the action changes, so
 * each view's JSON is kept beside it and a response is joined from pieces instead of serialising
 * hundreds of objects on every filtered query. A store that returns fresh objects just pays the
 * usual JSON.stringify.
 */
const fragments = new WeakMap<object, string>();

function fragment(value: object): string {
  let json = fragments.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    if (Object.isFrozen(value)) fragments.set(value, json);
  }
  return json;
}

/** A JSON array of objects, reusing the serialised form of frozen (cached, unchangeable) ones. */
export function jsonArray(values: readonly object[]): string {
  return `[${values.map(fragment).join(',')}]`;
}
