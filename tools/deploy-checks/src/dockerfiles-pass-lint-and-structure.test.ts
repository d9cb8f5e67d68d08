import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import {
  APP_DOCKERFILE,
  appDockerfile,
  baseImage,
  entryPoint,
  execForm,
  lint,
  parseDockerfile,
  readDockerfile,
  stages,
  structuralProblems,
} from './dockerfile.js';
import { APPS, readRepoFile, repoPath } from './repo.js';

const lockfile = JSON.parse(readRepoFile('package-lock.json')) as {
  packages: Record<string, { version?: string }>;
};
const rootPackage = JSON.parse(readRepoFile('package.json')) as { engines: { node: string } };

describe('docker/app.Dockerfile', () => {
  const df = readDockerfile(APP_DOCKERFILE);

  it('passes the dockerfile-utils linter with every rule as an error', () => {
    expect(lint(df.text)).toEqual([]);
  });

  it('is the only Dockerfile of the apps: no per-app copies', () => {
    for (const app of APPS) expect(existsSync(repoPath('apps', app, 'Dockerfile'))).toBe(false);
  });

  it('uses the turbo version of the lockfile and a Node line the engines field names', () => {
    expect(df.globalArgs.TURBO_VERSION).toBe(lockfile.packages['node_modules/turbo']?.version);
    const major = /^node:(\d+)[.-]/.exec(df.globalArgs.NODE_IMAGE ?? '')?.[1];
    expect(rootPackage.engines.node).toContain(`^${major}.`);
  });

  it('runs on the official Node 24 LTS slim image, pinned by digest', () => {
    const all = stages(df);
    expect(baseImage(all, all.at(-1)!)).toMatch(/^node:24-bookworm-slim@sha256:[0-9a-f]{64}$/);
  });

  it('builds for the platform the task definitions run (X86_64 = linux/amd64)', () => {
    expect(df.globalArgs.PLATFORM).toBe('linux/amd64');
    const froms = df.ast.getFROMs().filter((f) => !stages(df).some((s) => s.name === f.getImage()));
    for (const from of froms) expect(from.getTextContent()).toContain('--platform=${PLATFORM}');
  });

  it('exposes the port ECS maps and the env contract defaults to (8080)', () => {
    const expose = df.ast.getInstructions().filter((i) => i.getKeyword() === 'EXPOSE');
    expect(expose.map((i) => i.getArgumentsContent())).toEqual(['8080']);
  });
});

describe.each(APPS)('docker/app.Dockerfile with APP=%s', (app) => {
  const df = appDockerfile(app);

  it('is multi-stage, pinned, non-root, exec-form, health-checked and production-only', () => {
    expect(structuralProblems(df, app)).toEqual([]);
  });

  it('prunes the monorepo to the app and its dependencies before installing', () => {
    expect(df.text).toContain('turbo prune "@marketfeed/${APP}" --docker');
    expect(df.text).toContain('"--filter=@marketfeed/${APP}..."');
    expect(entryPoint(df)).toBe(`apps/${app}/dist/main.js`);
  });
});

describe('the checks themselves', () => {
  const naive = parseDockerfile(
    [
      'FROM node:latest',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm ci',
      'run npm run build',
      'CMD node apps/x/dist/main.js',
      '',
    ].join('\n'),
  );

  it('reject a naive single-stage, root, shell-form image', () => {
    expect(structuralProblems(naive, 'x')).toEqual([
      'is not multi-stage: the runtime stage must not carry the build toolchain',
      'FROM node:latest: pin a version tag (or digest), not latest or none',
      'runtime stage has no USER: the process would run as root',
      'CMD must be exec form (JSON array) so that node is PID 1 and gets SIGTERM',
      'runtime stage has no HEALTHCHECK',
      'runtime stage must install production dependencies only (npm ci --omit=dev)',
      'runtime stage installs dev dependencies: RUN npm ci',
      'runtime stage copies from the build context (sources, secrets): COPY . .',
    ]);
  });

  it('lint flags what the linter knows (here: a lower-case instruction)', () => {
    expect(lint(naive.text).join('\n')).toMatch(/line 5: .*uppercase/i);
  });
});

describe('the image health check', () => {
  const probe = execForm(readDockerfile(APP_DOCKERFILE).ast.getHEALTHCHECKs()[0]!)!;
  let server: Server;
  let port = 0;
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // The exact command from the Dockerfile, with node from PATH as in the image.
  const run = (env: Record<string, string>) =>
    new Promise<number | null>((resolve) => {
      const child = execFile(probe[0]!, probe.slice(1), {
        env: { PATH: process.env.PATH ?? '', ...env },
        timeout: 10_000,
      });
      child.on('exit', (code) => resolve(code));
    });

  it('exits 0 when /healthz answers 200 on PORT', async () => {
    status = 200;
    expect(await run({ PORT: String(port) })).toBe(0);
  });

  it('exits 1 when /healthz answers 503', async () => {
    status = 503;
    expect(await run({ PORT: String(port) })).toBe(1);
  });

  it('exits 1 when nothing listens', async () => {
    expect(await run({ PORT: '1' })).toBe(1);
  });
});

describe('.dockerignore', () => {
  const ignored = readRepoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim());

  it('keeps local builds, dependencies, state and secrets out of the build context', () => {
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.stack', '.env']),
    );
  });
});
