import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dependsOn, loadCompose, type ComposeService } from './compose.js';
import { repoPath } from './repo.js';

const compose = loadCompose();
const services = compose.services;

/** One-shot services: they must run to completion, never be restarted. */
const ONE_SHOT = ['kafka-certs', 'kafka-init', 'dashboards-import'];

const hasHealthcheck = (service: ComposeService, name: string): boolean =>
  // The app images declare HEALTHCHECK in their Dockerfiles (dockerfiles test).
  (service.healthcheck !== undefined && service.healthcheck.disable !== true) ||
  ['ingestor', 'enricher', 'opensearch-sink'].includes(name);

describe('compose start-up order', () => {
  it('has the services of the issue: Kafka, its init, OpenSearch, Dashboards and its import, the three apps', () => {
    expect(Object.keys(services).sort()).toEqual(
      expect.arrayContaining([
        'kafka',
        'kafka-init',
        'opensearch',
        'opensearch-dashboards',
        'dashboards-import',
        'ingestor',
        'enricher',
        'opensearch-sink',
      ]),
    );
  });

  it('names only services that exist in depends_on', () => {
    for (const [name, service] of Object.entries(services))
      for (const target of Object.keys(dependsOn(service)))
        expect(Object.keys(services), `${name} -> ${target}`).toContain(target);
  });

  it('waits for one-shot services to complete successfully and for long-running ones to be healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(dependsOn(service))) {
        const expected = ONE_SHOT.includes(target)
          ? 'service_completed_successfully'
          : 'service_healthy';
        expect(condition, `${name} depends_on ${target}`).toBe(expected);
        if (expected === 'service_healthy')
          expect(hasHealthcheck(services[target]!, target), `${target} has a healthcheck`).toBe(
            true,
          );
      }
    }
  });

  it('never restarts the one-shot services and restarts the long-running ones', () => {
    for (const name of ONE_SHOT) expect(services[name]?.restart, name).toBe('no');
    for (const [name, service] of Object.entries(services))
      if (!ONE_SHOT.includes(name) && !service.profiles)
        expect(service.restart, name).toBe('unless-stopped');
  });

  it('has no dependency cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      expect(state.get(name), `cycle: ${[...path, name].join(' -> ')}`).not.toBe('visiting');
      state.set(name, 'visiting');
      for (const target of Object.keys(dependsOn(services[name] ?? {})))
        visit(target, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it('brings the apps up only after topics, users and ACLs exist, and the sink only with OpenSearch healthy', () => {
    for (const app of ['ingestor', 'enricher', 'opensearch-sink'])
      expect(dependsOn(services[app]!)['kafka-init']?.condition, app).toBe(
        'service_completed_successfully',
      );
    expect(dependsOn(services['opensearch-sink']!).opensearch?.condition).toBe('service_healthy');
    expect(dependsOn(services['kafka-init']!).kafka?.condition).toBe('service_healthy');
    expect(dependsOn(services['dashboards-import']!)['opensearch-dashboards']?.condition).toBe(
      'service_healthy',
    );
  });

  it('publishes ports on the loopback interface only', () => {
    for (const [name, service] of Object.entries(services))
      for (const port of service.ports ?? []) expect(String(port), name).toMatch(/^127\.0\.0\.1:/);
  });

  it('builds each app image from the repository root with the one Dockerfile, for the task platform', () => {
    for (const app of ['ingestor', 'enricher', 'opensearch-sink']) {
      expect(services[app]?.build).toEqual({
        context: '.',
        dockerfile: 'docker/app.Dockerfile',
        args: { APP: app },
      });
      // Fargate tasks run X86_64 (infra/src/constructs/fargate-app.ts).
      expect(services[app]?.platform, app).toBe('linux/amd64');
    }
  });

  it('runs the apps hardened as on Fargate: read-only root filesystem, no capabilities, 30 s to stop', () => {
    for (const app of ['ingestor', 'enricher', 'opensearch-sink']) {
      const service = services[app]!;
      expect(service.read_only, app).toBe(true);
      expect(service.cap_drop, app).toEqual(['ALL']);
      expect(service.stop_grace_period, app).toBe('30s');
    }
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services))
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
        if (source.startsWith('./'))
          expect(existsSync(repoPath(source)), `${name}: ${source}`).toBe(true);
      }
  });

  it('imports saved objects Dashboards can read: one JSON object per line, with an index pattern', () => {
    const mount = (services['dashboards-import']?.volumes ?? [])
      .map(String)
      .find((v) => v.endsWith(':/dashboards:ro'))!;
    const dir = repoPath(mount.split(':')[0]!);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
    expect(files.length).toBeGreaterThan(0);
    const objects = files.flatMap((f) =>
      readFileSync(`${dir}/${f}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { type: string; id: string }),
    );
    expect(objects.every((o) => typeof o.type === 'string' && typeof o.id === 'string')).toBe(true);
    expect(objects.map((o) => o.type)).toContain('index-pattern');
  });
});
