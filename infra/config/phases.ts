/**
 * The producer account is built in phases, because MSK and Kafka refuse to do it in one apply:
 *
 * 1. `create`       SASL/SCRAM on, ACL enforcement off, no multi-VPC. MSK has no super user, so
 *                   with enforcement on and no ACLs nobody (the admin CLI included) could ever
 *                   create the first ACL; and MSK refuses multi-VPC connectivity at creation.
 *    Then, outside Terraform: `feedctl topics apply`, `feedctl services apply`, customers' ACLs.
 * 2. `enforce-acls` `allow.everyone.if.no.acl.found=false` (a new configuration revision).
 * 3. `multi-vpc`    multi-VPC private connectivity (SCRAM) and the cluster policy naming the
 *                   customer accounts; consumer stacks are synthesized from here on.
 *
 * infra/README.md "First deploy" walks through them.
 */
export const DEPLOY_PHASES = ['create', 'enforce-acls', 'multi-vpc'] as const;
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

const rank = (phase: DeployPhase): number => DEPLOY_PHASES.indexOf(phase);

export const phaseReached = (current: DeployPhase, phase: DeployPhase): boolean =>
  rank(current) >= rank(phase);

/** What the cluster looks like in `phase`. */
export function clusterSettings(phase: DeployPhase): { aclsEnforced: boolean; multiVpc: boolean } {
  return {
    aclsEnforced: phaseReached(phase, 'enforce-acls'),
    multiVpc: phaseReached(phase, 'multi-vpc'),
  };
}

/** Consumer accounts connect through multi-VPC connectivity, so their stacks come last. */
export const consumerStacksEnabled = (phase: DeployPhase): boolean =>
  phaseReached(phase, 'multi-vpc');
