import { environments } from '../../config/index.js';
import { defineEnv, type EnvConfig } from '../../config/schema.js';
import type { DeployPhase } from '../../config/phases.js';

/** The ARN the first apply would print, for configs moved past `create` in tests. */
export const placeholderClusterArn = (cfg: EnvConfig): string =>
  `arn:aws:kafka:${cfg.region}:${cfg.producerAccountId}:cluster/feed-${cfg.env}/00000000-0000-0000-0000-000000000000-1`;

/** `cfg` moved on to `phase`, as an operator would edit it, and parsed again. */
export function atPhase(cfg: EnvConfig, phase: DeployPhase): EnvConfig {
  return defineEnv({
    ...cfg,
    phase,
    clusterArn:
      phase === 'create' ? cfg.clusterArn : (cfg.clusterArn ?? placeholderClusterArn(cfg)),
  });
}

/** Every committed environment in its steady state (the last phase). */
export const steadyEnvironments: readonly EnvConfig[] = environments.map((cfg) =>
  atPhase(cfg, 'multi-vpc'),
);
