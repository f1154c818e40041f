/** Progress on stderr: a line that rewrites itself on a terminal, a few milestone lines otherwise. */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): {
  update: (done: number, total: number) => void;
  finish: () => void;
} {
  let lastShown = -1;
  const started = Date.now();
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (stream.isTTY) {
        if (percent === lastShown) return;
        stream.write(`\r${label} ${done}/${total} (${percent}%)`);
      } else {
        // Logs and CI get a line at each quarter, not thousands of lines.
        const step = Math.floor(percent / 25) * 25;
        if (step === lastShown || total < 200) return;
        stream.write(`${label} ${done}/${total} (${step}%)\n`);
        lastShown = step;
        return;
      }
      lastShown = percent;
    },
    finish() {
      if (stream.isTTY && lastShown >= 0) stream.write(`\r${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
