import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the real OpenSearch that plays a starved node: a `_bulk`
 * whose body has more than `holdOver` documents gets no answer until the client gives up
 * (its request timeout). With `applyHeld` the held bulk is still passed on to OpenSearch, as a
 * busy node applies a bulk after its client stopped waiting; without it the bulk is dropped.
 * Every other request passes through untouched. A test device, not a stand-in for OpenSearch.
 */
export interface HoldingProxy {
  readonly url: string;
  /** Every `_bulk` seen, in arrival order. */
  readonly bulks: readonly { docs: number; held: boolean }[];
  /** Bulks held right now (the client has not given up on them yet). */
  holding(): number;
  setHoldOver(docs: number): void;
  close(): Promise<void>;
}

export interface HoldingProxyOptions {
  holdOver: number;
  applyHeld: boolean;
}

/** Documents in a bulk body: every other non-empty NDJSON line is an action (index ops only). */
function documentsIn(body: string): number {
  return Math.floor(body.split('\n').filter((l) => l.length > 0).length / 2);
}

export async function startHoldingProxy(
  target: string,
  options: HoldingProxyOptions,
): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const bulks: { docs: number; held: boolean }[] = [];
  const held = new Set<ServerResponse>();
  let holdOver = options.holdOver;

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse | undefined) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (!res) {
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res?.destroy());
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!/\/_bulk(\?|$)/.test(req.url ?? '')) {
        forward(req, body, res);
        return;
      }
      const docs = documentsIn(body.toString('utf8'));
      const hold = docs > holdOver;
      bulks.push({ docs, held: hold });
      if (!hold) {
        forward(req, body, res);
        return;
      }
      held.add(res);
      res.on('close', () => held.delete(res));
      if (options.applyHeld) forward(req, body, undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bulks,
    holding: () => held.size,
    setHoldOver: (docs) => {
      holdOver = docs;
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
