/**
 * Ctrl-C during a long write: the first asks the work to stop at the next safe point (between two
 * batches) and say how to resume; a second, with nobody listening any more, ends the process at
 * once, which a resume also recovers from.
 */
export function stopOnInterrupt(stream: NodeJS.WriteStream = process.stderr): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    stream.write('\nStopping after the current batch (Ctrl-C again to quit at once; either way it can be resumed)...\n');
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onInterrupt) };
}
