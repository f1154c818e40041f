/** The most events any window of `span` ms holds, over event times in the order they happened. */
export function busiest(times: readonly number[], span: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j += 1) {
    while (times[j]! - times[i]! >= span) i += 1;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
