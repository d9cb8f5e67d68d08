import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { readRepoFile } from './repo.js';

export interface ParsedDockerfile {
  text: string;
  ast: Dockerfile;
  /** ARG defaults declared before the first FROM (usable in FROM lines). */
  globalArgs: Record<string, string>;
}

/** The one Dockerfile every app image is built from (`--build-arg APP=<app>`). */
export const APP_DOCKERFILE = 'docker/app.Dockerfile';

export const readDockerfile = (path: string): ParsedDockerfile =>
  parseDockerfile(readRepoFile(path));

/** The app Dockerfile as built with `--build-arg APP=<app>`. */
export function appDockerfile(app: string, path = APP_DOCKERFILE): ParsedDockerfile {
  const df = readDockerfile(path);
  return { ...df, globalArgs: { ...df.globalArgs, APP: app } };
}

/**
 * The file the image's CMD runs, as a repository path: CMD runs `main.js`, a link the build
 * makes with `ln -s "apps/${APP}/dist/main.js" /app/main.js`; null if there is no such link.
 */
export function entryPoint(df: ParsedDockerfile): string | null {
  const link = /ln -s "?([^"\s]+)"? \/app\/main\.js/.exec(df.text);
  return link?.[1] ? expand(link[1], df.globalArgs) : null;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const globalArgs: Record<string, string> = {};
  for (const arg of ast.getInitialARGs()) {
    const property = arg.getProperty();
    const name = property?.getName();
    const value = property?.getValue();
    if (name && value !== null && value !== undefined) globalArgs[name] = value;
  }
  return { text, ast, globalArgs };
}

/** Every rule dockerfile-utils knows, as errors: the linter VS Code's Docker support uses. */
const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

export function lint(text: string): string[] {
  return validate(text, STRICT).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

export const expand = (value: string, args: Record<string, string>): string =>
  value.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    (_, name: string) => args[name] ?? `\${${name}}`,
  );

export interface Stage {
  name: string | null;
  image: string;
  instructions: Instruction[];
}

/** The external image a stage starts from, following `FROM <earlier stage>`. */
export function baseImage(all: Stage[], stage: Stage): string {
  const parent = all.find((s) => s.name !== null && s.name === stage.image);
  return parent && parent !== stage ? baseImage(all, parent) : stage.image;
}

/** The build stages, each with its resolved base image and its own instructions. */
export function stages(df: ParsedDockerfile): Stage[] {
  const out: Stage[] = [];
  let current: Stage | undefined;
  for (const instruction of df.ast.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = df.ast
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line);
      current = {
        name: from?.getBuildStage() ?? null,
        image: expand(from?.getImage() ?? '', df.globalArgs),
        instructions: [],
      };
      out.push(current);
    } else if (current) current.instructions.push(instruction);
  }
  return out;
}

/** A JSON-form (exec-form) argument list, or null if the instruction uses shell form. */
export function execForm(instruction: Instruction): string[] | null {
  const args = instruction.getArgumentsContent()?.trim() ?? '';
  const json =
    instruction.getKeyword() === 'HEALTHCHECK' ? args.replace(/^(--\S+\s+)*CMD\s+/s, '') : args;
  if (!json.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(json.replace(/\\\r?\n/g, ''));
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')
      ? (parsed as string[])
      : null;
  } catch {
    return null;
  }
}

/**
 * Hadolint-style structural rules for the app images, each returning a problem sentence.
 * (No maintained hadolint build installs from npm; these are the rules this project relies on.)
 */
export function structuralProblems(df: ParsedDockerfile, app: string): string[] {
  const problems: string[] = [];
  const all = stages(df);
  const final = all.at(-1);
  if (all.length < 2)
    problems.push('is not multi-stage: the runtime stage must not carry the build toolchain');
  if (!final) return ['has no FROM'];

  const stageNames = new Set(all.map((s) => s.name).filter((n): n is string => n !== null));
  for (const stage of all) {
    if (stageNames.has(stage.image)) continue;
    const image = stage.image;
    const tag = /^[^@]+:([^/:@]+)$/.exec(image.split('@')[0] ?? '')?.[1];
    if (image.includes('${'))
      problems.push(`FROM ${image}: unresolved build argument (give it a default)`);
    else if (!image.includes('@sha256:') && (tag === undefined || tag === 'latest'))
      problems.push(`FROM ${image}: pin a version tag (or digest), not latest or none`);
  }

  const finalKeywords = (k: string) => final.instructions.filter((i) => i.getKeyword() === k);
  const users = finalKeywords('USER');
  const lastUser = users.at(-1)?.getArgumentsContent()?.trim();
  if (!lastUser) problems.push('runtime stage has no USER: the process would run as root');
  else if (['root', '0', '0:0'].includes(lastUser) || lastUser.startsWith('root:'))
    problems.push(`runtime stage runs as ${lastUser}`);

  const cmds = df.ast.getCMDs();
  const cmd = cmds.at(-1);
  const cmdArgs = cmd ? execForm(cmd) : null;
  if (!cmd) problems.push('has no CMD');
  else if (!cmdArgs)
    problems.push('CMD must be exec form (JSON array) so that node is PID 1 and gets SIGTERM');
  else if (cmdArgs[0] !== 'node' || cmdArgs.at(-1) !== 'main.js')
    problems.push(`CMD must be ["node", ..., "main.js"], got ${JSON.stringify(cmdArgs)}`);
  else if (entryPoint(df) !== `apps/${app}/dist/main.js`)
    problems.push(`main.js must link to apps/${app}/dist/main.js, got ${String(entryPoint(df))}`);
  for (const entrypoint of df.ast.getENTRYPOINTs())
    if (!execForm(entrypoint))
      problems.push('ENTRYPOINT in shell form would wrap node in /bin/sh -c');

  const healthchecks = finalKeywords('HEALTHCHECK');
  const healthcheck = healthchecks.at(-1);
  const probe = healthcheck ? execForm(healthcheck) : null;
  if (!healthcheck) problems.push('runtime stage has no HEALTHCHECK');
  else if (!probe) problems.push('HEALTHCHECK must be CMD in exec form');
  else {
    if (probe[0] !== 'node')
      problems.push(`HEALTHCHECK must use node (the image has no curl), got ${probe[0] ?? ''}`);
    if (!probe.join(' ').includes('/healthz'))
      problems.push('HEALTHCHECK must probe /healthz (liveness)');
  }

  const runs = final.instructions
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent() ?? '');
  const prodInstall = runs.some(
    (r) => /npm (ci|install)\b[^&|;]*--omit=dev/.test(r) || /npm prune\b[^&|;]*--omit=dev/.test(r),
  );
  if (!prodInstall)
    problems.push('runtime stage must install production dependencies only (npm ci --omit=dev)');
  for (const r of runs)
    if (/npm (ci|install)\b/.test(r) && !/--omit=dev/.test(r))
      problems.push(`runtime stage installs dev dependencies: RUN ${r.trim()}`);

  for (const add of df.ast.getInstructions().filter((i) => i.getKeyword() === 'ADD'))
    problems.push(`use COPY, not ADD: ${add.getArgumentsContent() ?? ''}`);
  for (const r of df.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN'))
    if (/\bcurl\b[^|]*\|\s*(ba)?sh|\bwget\b[^|]*\|\s*(ba)?sh/.test(r.getArgumentsContent() ?? ''))
      problems.push('pipes a download into a shell');
  for (const copy of final.instructions.filter((i) => i.getKeyword() === 'COPY'))
    if (!/^COPY\s+(--\S+\s+)*--from=/.test(copy.getTextContent()))
      problems.push(
        `runtime stage copies from the build context (sources, secrets): ${copy.getTextContent()}`,
      );
  return problems;
}
