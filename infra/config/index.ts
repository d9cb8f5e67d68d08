import { dev } from './dev.js';
import { prod } from './prod.js';
import type { EnvConfig } from './schema.js';

export { defineEnv, envConfigSchema } from './schema.js';
export type { EnvConfig, CustomerConfig, ConsumerConfig } from './schema.js';

/** Every environment the app synthesizes; tests iterate over the same list. */
export const environments: readonly EnvConfig[] = [dev, prod];
export { DEPLOY_PHASES, clusterSettings, consumerStacksEnabled, phaseReached } from './phases.js';
export type { DeployPhase } from './phases.js';
export type { Monitoring, Thresholds } from './monitoring.js';
