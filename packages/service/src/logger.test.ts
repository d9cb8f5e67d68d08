import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name', () => {
    const { lines, destination } = capture();
    createLogger({ name: 'enricher', level: 'info', destination }).info({ n: 1 }, 'hello');
    const rec = JSON.parse(lines[0] ?? '{}');
    expect(rec).toMatchObject({ service: 'enricher', level: 'info', msg: 'hello', n: 1 });
  });

  it('redacts secrets in config dumps, nested objects and headers', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 'x', level: 'info', destination });
    log.info(
      {
        config: { KAFKA_PASSWORD: 'p1', nested: { password: 'p2' } },
        sasl: { password: 'p3' },
        req: { headers: { authorization: 'Basic p4' } },
        password: 'p5',
      },
      'boot',
    );
    const text = lines.join('');
    for (const secret of ['p1', 'p2', 'p3', 'p4', 'p5']) expect(text).not.toContain(`"${secret}"`);
    expect(text).not.toContain('Basic p4');
    expect(text).toContain('[redacted]');
  });
});
