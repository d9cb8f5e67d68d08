import { existsSync, lstatSync, statSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import {
  opensearchYml,
  rewriteJvmOptions,
  withoutConsoleLogging,
} from './opensearch-config-writer.js';
import { StackError } from './errors.js';
import { type StackPaths } from './paths.js';
import { spawnDetached, stackMarker } from './processes.js';
import { runChecked, runCommand } from './run-command.js';
import { OPENSEARCH_VERSION } from './versions.js';
import { waitForStartup } from './wait-for-startup.js';

/** OpenSearch refuses to run as root; as root the stack runs it as this system user. */
export const OPENSEARCH_SYSTEM_USER = 'marketfeed-os';

interface RunAs {
  uid: number;
  gid: number;
}

async function ensureSystemUser(): Promise<RunAs> {
  const lookup = async () => {
    const uid = await runCommand('id', ['-u', OPENSEARCH_SYSTEM_USER]);
    const gid = await runCommand('id', ['-g', OPENSEARCH_SYSTEM_USER]);
    return uid.code === 0 && gid.code === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const existing = await lookup();
  if (existing) return existing;
  await runChecked('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    OPENSEARCH_SYSTEM_USER,
  ]);
  const created = await lookup();
  if (!created)
    throw new StackError(
      `useradd ${OPENSEARCH_SYSTEM_USER} succeeded but the user cannot be looked up`,
    );
  return created;
}

/** Whether a non-owner can reach `dir`: every ancestor must be world-executable. */
function traversableByOthers(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

export interface OpenSearchLayout {
  /** Everything OpenSearch owns: distribution, config, data, logs, tmp. */
  base: string;
  home: string;
  config: string;
  data: string;
  logs: string;
  tmp: string;
}

/**
 * `.stack/opensearch`, unless we are root and the repo sits somewhere the OpenSearch user cannot
 * reach (a clone under /root): then the directory lives under /var/lib and `.stack/opensearch`
 * is a symlink to it, so `down --wipe` still finds it.
 */
async function layout(paths: StackPaths, asRoot: boolean): Promise<OpenSearchLayout> {
  let base = paths.opensearch.dir;
  const link = existsSync(base) && lstatSync(base).isSymbolicLink();
  if (asRoot && (link || !traversableByOthers(paths.root))) {
    const id = createHash('sha256').update(paths.root).digest('hex').slice(0, 12);
    base = join('/var/lib/marketfeed', id, 'opensearch');
    await mkdir(base, { recursive: true });
    if (!link) await symlink(base, paths.opensearch.dir);
  }
  const home = join(base, `opensearch-${OPENSEARCH_VERSION}`);
  return {
    base,
    home,
    config: join(base, 'config'),
    data: join(base, 'data'),
    logs: join(base, 'logs'),
    tmp: join(base, 'tmp'),
  };
}

async function javaHome(): Promise<string> {
  const result = await runChecked('java', ['-XshowSettings:properties', '-version']);
  const match = /java\.home = (.+)/.exec(result.stdout + result.stderr);
  if (!match?.[1])
    throw new StackError('could not find java.home from `java -XshowSettings:properties -version`');
  return match[1].trim();
}

/** unzip keeps the scripts' exec bits; without it, the JDK's `jar` unpacks and we restore them. */
async function unpack(zip: string, into: string, home: string): Promise<void> {
  const unzip = await runCommand('unzip', ['-q', '-o', zip, '-d', into]).catch(() => undefined);
  if (unzip?.code === 0) return;
  await runChecked('jar', ['xf', zip], { cwd: into });
  const bin = join(home, 'bin');
  for (const script of await readdir(bin)) await chmod(join(bin, script), 0o755);
}

export interface PreparedOpenSearch {
  layout: OpenSearchLayout;
  runAs?: RunAs;
}

/** Unpacks the cached zip into the stack once and writes its config; idempotent. */
export async function prepareOpenSearch(
  paths: StackPaths,
  zip: string,
): Promise<PreparedOpenSearch> {
  const asRoot = process.getuid?.() === 0;
  const dirs = await layout(paths, asRoot);
  if (!existsSync(join(dirs.home, 'lib'))) {
    await rm(dirs.home, { recursive: true, force: true });
    await mkdir(dirs.base, { recursive: true });
    await unpack(zip, dirs.base, dirs.home);
  }
  for (const dir of [dirs.config, dirs.data, dirs.logs, dirs.tmp])
    await mkdir(dir, { recursive: true });
  // Our own config dir, so the distribution stays pristine and a wipe resets the config too.
  const shipped = join(dirs.home, 'config');
  for (const entry of await readdir(shipped, { withFileTypes: true })) {
    if (entry.isFile() && !existsSync(join(dirs.config, entry.name))) {
      await copyFile(join(shipped, entry.name), join(dirs.config, entry.name));
    }
  }
  await mkdir(join(dirs.config, 'jvm.options.d'), { recursive: true });
  await writeFile(
    join(dirs.config, 'opensearch.yml'),
    opensearchYml({ dataDir: dirs.data, logsDir: dirs.logs }),
  );
  const log4j2 = await readFile(join(shipped, 'log4j2.properties'), 'utf8');
  await writeFile(join(dirs.config, 'log4j2.properties'), withoutConsoleLogging(log4j2));
  const jvmOptions = await readFile(join(shipped, 'jvm.options'), 'utf8');
  await writeFile(
    join(dirs.config, 'jvm.options'),
    rewriteJvmOptions(jvmOptions, { dataDir: dirs.data, logsDir: dirs.logs }),
  );
  if (!asRoot) return { layout: dirs };
  const runAs = await ensureSystemUser();
  await runChecked('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dirs.base]);
  return { layout: dirs, runAs };
}

export const OPENSEARCH_PROCESS = 'opensearch';

export async function startOpenSearch(
  paths: StackPaths,
  prepared: PreparedOpenSearch,
): Promise<number> {
  const { layout: dirs, runAs } = prepared;
  await mkdir(paths.run, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: dirs.base,
    OPENSEARCH_JAVA_HOME: await javaHome(),
    OPENSEARCH_PATH_CONF: dirs.config,
    OPENSEARCH_TMPDIR: dirs.tmp,
    OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
  };
  // bin/opensearch execs the JVM, so the pid we record is OpenSearch itself. Its cwd must be the
  // distribution: the script runs `bin/opensearch-keystore` by a relative path.
  return spawnDetached(
    join(dirs.home, 'bin', 'opensearch'),
    [`-Enode.attr.${stackMarker(paths.root)}`],
    paths.run,
    OPENSEARCH_PROCESS,
    {
      cwd: dirs.home,
      env,
      logFile: join(paths.run, 'opensearch.out'),
      ...(runAs ?? {}),
    },
  );
}

export async function openSearchHealth(url: string): Promise<'green' | 'yellow' | 'red' | 'down'> {
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return 'down';
    const body = (await response.json()) as { status?: string };
    return body.status === 'green' || body.status === 'yellow' || body.status === 'red'
      ? body.status
      : 'down';
  } catch {
    return 'down';
  }
}

/** Ready means cluster health yellow or green, not just an open port. */
export async function waitForOpenSearch(
  paths: StackPaths,
  url: string,
  timeoutMs: number,
): Promise<void> {
  await waitForStartup(
    paths,
    {
      server: 'OpenSearch',
      processName: OPENSEARCH_PROCESS,
      readyWord: 'healthy',
      ready: async () => {
        const health = await openSearchHealth(url);
        return health === 'green' || health === 'yellow';
      },
      log: join(paths.run, 'opensearch.out'),
    },
    timeoutMs,
  );
}
