/** A one-line progress bar on stderr, drawn only on an interactive terminal and never in CI or with --json. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function createProgress(label: string, options: { enabled: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY || process.env.CI) return { update: () => {}, done: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 || total <= 0) return; // 10 redraws a second is plenty
      last = now;
      const ratio = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(ratio * width);
      const mb = (n: number) => (n / 1e6).toFixed(1);
      stream.write(`\r${label} ▕${'█'.repeat(filled)}${' '.repeat(width - filled)}▏ ${(ratio * 100).toFixed(0).padStart(3)}%  ${mb(done)}/${mb(total)} MB`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
