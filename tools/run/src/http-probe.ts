import { parsePrometheusText, type Sample } from './prometheus-text.js';

export interface Probe {
  ready: boolean;
  readyDetail: string;
  samples: Sample[];
}

/** One look at a service: /readyz and /metrics, never throwing (a dead service is "not ready"). */
export async function probeService(port: number, timeoutMs = 1500): Promise<Probe> {
  const base = `http://127.0.0.1:${port}`;
  try {
    const [ready, metrics] = await Promise.all([
      fetch(`${base}/readyz`, { signal: AbortSignal.timeout(timeoutMs) }),
      fetch(`${base}/metrics`, { signal: AbortSignal.timeout(timeoutMs) }),
    ]);
    const readyBody = (await ready.json().catch(() => ({}))) as {
      checks?: Record<string, { ok: boolean; detail?: string }>;
    };
    const failing = Object.entries(readyBody.checks ?? {})
      .filter(([, c]) => !c.ok)
      .map(([n, c]) => `${n}${c.detail ? `: ${c.detail}` : ''}`);
    return {
      ready: ready.status === 200,
      readyDetail: failing.join('; '),
      samples: parsePrometheusText(await metrics.text()),
    };
  } catch (err) {
    return { ready: false, readyDetail: `unreachable (${(err as Error).message})`, samples: [] };
  }
}
