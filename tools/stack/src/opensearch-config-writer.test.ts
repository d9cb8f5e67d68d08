import { describe, expect, it } from 'vitest';
import {
  opensearchYml,
  rewriteJvmOptions,
  withoutConsoleLogging,
} from './opensearch-config-writer.js';

describe('opensearchYml', () => {
  const yml = opensearchYml({ dataDir: '/s/os/data', logsDir: '/s/os/logs' });

  it('runs a single node on loopback HTTP 9200', () => {
    expect(yml).toContain('discovery.type: single-node');
    expect(yml).toContain('network.host: 127.0.0.1');
    expect(yml).toContain('http.port: 9200');
  });

  it('turns off disk watermarks and keeps data and logs in the stack directory', () => {
    expect(yml).toContain('cluster.routing.allocation.disk.threshold_enabled: false');
    expect(yml).toContain('path.data: "/s/os/data"');
    expect(yml).toContain('path.logs: "/s/os/logs"');
  });
});

describe('rewriteJvmOptions', () => {
  const shipped = [
    '-Xms1g',
    '-Xmx1g',
    '-XX:HeapDumpPath=data',
    '-XX:ErrorFile=logs/hs_err_pid%p.log',
    '9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
  ].join('\n');

  it('sets a 512 MB heap and makes every relative path absolute', () => {
    expect(rewriteJvmOptions(shipped, { dataDir: '/d', logsDir: '/l' }).split('\n')).toEqual([
      '-Xms512m',
      '-Xmx512m',
      '-XX:HeapDumpPath=/l',
      '-XX:ErrorFile=/l/hs_err_pid%p.log',
      '9-:-Xlog:gc*,gc+age=trace,safepoint:file=/l/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
    ]);
  });
});

describe('withoutConsoleLogging', () => {
  it('detaches the root logger from the console appender and keeps the file appenders', () => {
    const shipped = [
      'appender.console.type = Console',
      'rootLogger.level = info',
      'rootLogger.appenderRef.console.ref = console',
      'rootLogger.appenderRef.rolling.ref = rolling',
    ].join('\n');
    expect(withoutConsoleLogging(shipped).split('\n')).toEqual([
      'appender.console.type = Console',
      'rootLogger.level = info',
      'rootLogger.appenderRef.rolling.ref = rolling',
    ]);
  });
});
