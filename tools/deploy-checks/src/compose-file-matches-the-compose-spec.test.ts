import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadCompose, userEnvScenarios } from './compose.js';
import { readRepoFile } from './repo.js';

// The schema `docker compose config` validates against (schema/README.md says which commit).
const schema = JSON.parse(readRepoFile('tools/deploy-checks/schema/compose-spec.json')) as Record<
  string,
  unknown
>;
delete schema.$schema; // draft-07 under an https id ajv does not know by that name
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const scenarios = userEnvScenarios();

describe('docker-compose.yml', () => {
  it.each(Object.entries(scenarios))(
    'validates against the compose specification with %s',
    (_, env) => {
      const ok = validate(loadCompose(env));
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it('fails validation for a misspelt service key, so the check has teeth', () => {
    const compose = loadCompose();
    (compose.services.kafka as Record<string, unknown>).depends_onn = {};
    expect(validate(compose)).toBe(false);
  });
});
