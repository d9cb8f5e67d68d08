/** Progress for a human watching `stack:up`: what is happening and for how long. */
export interface Progress {
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  info(message: string): void;
}

export function consoleProgress(
  write: (line: string) => void = (line) => console.log(line),
): Progress {
  const started = Date.now();
  const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
  return {
    info: (message) => write(`  ${message}`),
    async step(label, work) {
      const stepStarted = Date.now();
      write(`→ ${label}…`);
      // A heartbeat so a first-run download or a slow JVM start never looks like a hang.
      const heartbeat = setInterval(
        () => write(`  … still ${label.toLowerCase()} (${elapsed(stepStarted)})`),
        10_000,
      );
      try {
        const result = await work();
        write(`✓ ${label} (${elapsed(stepStarted)}, total ${elapsed(started)})`);
        return result;
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

export const silentProgress: Progress = {
  info: () => undefined,
  step: (_label, work) => work(),
};
