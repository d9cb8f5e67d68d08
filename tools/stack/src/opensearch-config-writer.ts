import { PORTS } from './versions.js';

export interface OpenSearchConfigInput {
  dataDir: string;
  logsDir: string;
  httpPort?: number;
  transportPort?: number;
}

/**
 * Single node on loopback. Binding only to 127.0.0.1 keeps OpenSearch in development mode, so
 * the production bootstrap checks (vm.max_map_count, file descriptors) do not apply. Disk
 * watermarks are off: on a busy developer disk they would turn indices read-only mid-test.
 */
export function opensearchYml(input: OpenSearchConfigInput): string {
  return [
    'cluster.name: marketfeed-local',
    'node.name: marketfeed-local-1',
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${input.httpPort ?? PORTS.opensearchHttp}`,
    `transport.port: ${input.transportPort ?? PORTS.opensearchTransport}`,
    `path.data: ${JSON.stringify(input.dataDir)}`,
    `path.logs: ${JSON.stringify(input.logsDir)}`,
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
}

/**
 * The distribution's jvm.options with a 512 MB heap and with its cwd-relative paths (gc log,
 * heap dumps, crash files) made absolute, so nothing is written into the unpacked distribution.
 */
export function rewriteJvmOptions(
  original: string,
  input: OpenSearchConfigInput & { heap?: string },
): string {
  const heap = input.heap ?? '512m';
  return original
    .split('\n')
    .map((line) => {
      if (/^-Xms/.test(line)) return `-Xms${heap}`;
      if (/^-Xmx/.test(line)) return `-Xmx${heap}`;
      return line
        .replace('-XX:HeapDumpPath=data', `-XX:HeapDumpPath=${input.logsDir}`)
        .replace('logs/hs_err_pid', `${input.logsDir}/hs_err_pid`)
        .replace('file=logs/gc.log', `file=${input.logsDir}/gc.log`)
        .replace('-Xloggc:logs/gc.log', `-Xloggc:${input.logsDir}/gc.log`);
    })
    .join('\n');
}

/**
 * The shipped log4j2 config minus its console appender: the node already logs to rolling files
 * in its logs dir, and a detached server's stdout goes to a file that nothing rotates.
 */
export function withoutConsoleLogging(log4j2Properties: string): string {
  return log4j2Properties
    .split('\n')
    .filter((line) => !/^\s*rootLogger\.appenderRef\.console\.ref\s*=/.test(line))
    .join('\n');
}
