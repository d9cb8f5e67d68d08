import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * checkov as a gate: the pinned version from infra/checkov/requirements.txt, installed by
 * infra/checkov/install.sh on first use, run offline over a folder of Terraform JSON and
 * Dockerfiles. Findings are matched against infra/checkov/skips.json (one reason per skip).
 */
const checkovDir = fileURLToPath(new URL('../../checkov/', import.meta.url));

export interface Finding {
  check: string;
  name: string;
  /** `aws_x.id` for Terraform, `/path/Dockerfile.<instruction>` for a Dockerfile. */
  resource: string;
  /** The scanned file, relative to the scanned folder (leading `/`). */
  file: string;
}

export interface Skip {
  check: string;
  /** Glob (`*`) over the finding's resource. */
  resource: string;
  /** Glob over the scanned file name; absent: any file. */
  file?: string;
  reason: string;
}

export const skips = (): Skip[] =>
  JSON.parse(readFileSync(`${checkovDir}skips.json`, 'utf8')) as Skip[];

/** Installs checkov if needed (minutes, once per requirements hash) and returns its path. */
export function installCheckov(): string {
  return execFileSync('bash', [`${checkovDir}install.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

interface CheckovReport {
  check_type: string;
  results: {
    failed_checks: { check_id: string; check_name: string; resource: string; file_path: string }[];
  };
  summary: { parsing_errors: number };
}

/** Runs checkov over `dir` and returns every failed check (it never reaches the network). */
export function runCheckov(bin: string, dir: string, frameworks: string[]): Finding[] {
  const result = spawnSync(
    bin,
    [
      '-d',
      dir,
      '--framework',
      ...frameworks,
      '--skip-download',
      '--quiet',
      '--compact',
      '-o',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  );
  // Exit 1 means "findings"; anything else, or no JSON, is checkov itself failing.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`checkov exited ${String(result.status)}: ${result.stderr.slice(-2000)}`);
  const parsed = JSON.parse(result.stdout) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  for (const r of reports)
    if (r.summary.parsing_errors > 0)
      throw new Error(
        `checkov could not parse ${r.summary.parsing_errors} ${r.check_type} file(s)`,
      );
  return reports.flatMap((r) =>
    r.results.failed_checks.map((f) => ({
      check: f.check_id,
      name: f.check_name,
      resource: f.resource,
      file: f.file_path,
    })),
  );
}

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

const matches = (skip: Skip, f: Finding): boolean =>
  skip.check === f.check &&
  glob(skip.resource).test(f.resource) &&
  (skip.file === undefined || glob(skip.file).test(f.file));

/** Findings no skip covers, and skips that covered nothing (stale, to be removed). */
export function gate(findings: Finding[], list: Skip[]): { findings: Finding[]; unused: Skip[] } {
  return {
    findings: findings.filter((f) => !list.some((s) => matches(s, f))),
    unused: list.filter((s) => !findings.some((f) => matches(s, f))),
  };
}

/**
 * A synthesized stack as checkov reads it. checkov 3.3.30's terraform_json parser stops at a
 * string directly under `terraform` (it expects only blocks there) and then reports nothing
 * for the file: `required_version` is dropped from the copy it scans. The real file keeps it.
 */
export function forCheckov(tf: Record<string, unknown>): Record<string, unknown> {
  const terraform = { ...(tf.terraform as Record<string, unknown>) };
  delete terraform.required_version;
  return { ...tf, terraform };
}
