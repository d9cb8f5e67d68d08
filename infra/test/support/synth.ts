import { Testing, type TerraformStack } from 'cdktf';
import type { EnvConfig } from '../../config/schema.js';
import { addStacks } from '../../src/app.js';

export interface SynthesizedStack {
  name: string;
  /** What Testing.toHaveResourceWithProperties takes. */
  json: string;
  tf: TerraformJson;
}

export interface TerraformJson {
  terraform: {
    backend?: Record<string, Record<string, unknown>>;
    required_version?: string;
    required_providers?: Record<string, { source: string; version?: string }>;
  };
  provider?: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
}

/** Synthesizes every stack `addStacks` creates for one environment, without a terraform binary. */
export function synthEnv(cfg: EnvConfig): SynthesizedStack[] {
  const app = Testing.app();
  addStacks(app, [cfg]);
  return app.node.children.map((stack) => {
    const json = Testing.synth(stack as TerraformStack);
    return { name: stack.node.id, json, tf: JSON.parse(json) as TerraformJson };
  });
}

export function stackNamed(stacks: SynthesizedStack[], name: string): SynthesizedStack {
  const found = stacks.find((s) => s.name === name);
  if (!found) throw new Error(`no stack ${name} among ${stacks.map((s) => s.name).join(', ')}`);
  return found;
}

/** The resource bodies of one type (without the cdktf metadata key). */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(stack.tf.resource[type] ?? {});
}

export interface ContainerDefinition {
  name: string;
  image: string;
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  healthCheck?: { command: string[] };
  logConfiguration: { logDriver: string; options: Record<string, string> };
  stopTimeout?: number;
  readonlyRootFilesystem?: boolean;
  command?: string[];
  mountPoints?: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
}

export function containersOf(stack: SynthesizedStack): Map<string, ContainerDefinition> {
  const out = new Map<string, ContainerDefinition>();
  for (const td of resourcesOf(stack, 'aws_ecs_task_definition')) {
    for (const c of JSON.parse(td.container_definitions as string) as ContainerDefinition[])
      out.set(c.name, c);
  }
  return out;
}

/** A parsed IAM policy document stored as a JSON string attribute. */
export interface PolicyDoc {
  Statement: Record<string, unknown>[];
}
export const parsePolicy = (s: unknown): PolicyDoc => JSON.parse(s as string) as PolicyDoc;
