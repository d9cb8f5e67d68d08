import { parseCommandLine, positiveIntFlag, UsageError } from '@marketfeed/service/cli-args';

export const USAGE = `feedctl — marketfeed admin CLI

Usage: feedctl [--stack | --stack-dir DIR] [--prefix P] <command>

  services apply [--dry-run]
      Grant the ingestor, enricher and sink users their least-privilege ACLs on the prefix's
      topics, groups and transactional ids (the set the local stack uses). Idempotent.
  topics apply [--partitions N] [--replication-factor N] [--dry-run]
      Diff the topic catalog against the cluster (create, grow partitions, configs), print
      the diff, then apply it. Never shrinks. Idempotent.
  customers add <name> [--products enriched,latest] [--out-dir DIR] [--bootstrap HOST:PORT]
                       [--account-id ID] [--env dev|prod]
      Kafka user customer-<name>: ACLs (read its products, groups "customer-<name>.*") and,
      on the local stack, a generated SCRAM credential written to a 0600 properties file.
      On MSK prints what infra needs (the secret and config entry) and applies the ACLs.
  customers update <name> --products LIST   change products (adds/removes ACLs)
  customers remove <name>                   revoke at once: all ACLs, then the credential
  customers rotate <name> [--out-dir DIR]   new password (local stack); the old one stops working
  customers list [--json]
  acls show [--customer NAME | --principal User:X] [--json]

Connection: --stack uses the local stack (.stack/stack.json: PLAINTEXT admin listener,
Kafka's kafka-configs for SCRAM). Without it, the shared env contract (KAFKA_BROKERS,
KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD or
KAFKA_PASSWORD_FILE, FEED_TOPIC_PREFIX) with an admin identity, and MSK semantics.
`;

export type Command =
  | { kind: 'help' }
  | { kind: 'topics-apply'; partitions: number; replicationFactor: number; dryRun: boolean }
  | { kind: 'services-apply'; dryRun: boolean }
  | {
      kind: 'customers-add';
      name: string;
      products: string | undefined;
      outDir: string | undefined;
      accountId: string | undefined;
      env: string;
    }
  | { kind: 'customers-update'; name: string; products: string }
  | { kind: 'customers-remove'; name: string }
  | { kind: 'customers-rotate'; name: string; outDir: string | undefined }
  | { kind: 'customers-list'; json: boolean }
  | {
      kind: 'acls-show';
      customer: string | undefined;
      principal: string | undefined;
      json: boolean;
    };

export interface ParsedArgs {
  command: Command;
  stack: boolean;
  stackDir: string | undefined;
  prefix: string | undefined;
  bootstrap: string | undefined;
}

// The shared usage error under the name the rest of feedctl knows.
export { UsageError as ArgsError };

export function parseCli(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseCommandLine(argv, {
    stack: { type: 'boolean' },
    'stack-dir': { type: 'string' },
    prefix: { type: 'string' },
    bootstrap: { type: 'string' },
    partitions: { type: 'string' },
    'replication-factor': { type: 'string' },
    'dry-run': { type: 'boolean' },
    products: { type: 'string' },
    'out-dir': { type: 'string' },
    'account-id': { type: 'string' },
    env: { type: 'string' },
    customer: { type: 'string' },
    principal: { type: 'string' },
    json: { type: 'boolean' },
  });
  const common = {
    stack: values.stack ?? false,
    stackDir: values['stack-dir'],
    prefix: values.prefix,
    bootstrap: values.bootstrap,
  };
  const [group, action, name, ...rest] = positionals;
  if (values.help || group === undefined || group === 'help')
    return { ...common, command: { kind: 'help' } };
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const needName = (): string => {
    if (!name) throw new UsageError(`${group} ${action ?? ''}: missing <name>`);
    return name;
  };
  const noName = () => {
    if (name) throw new UsageError(`${group} ${action ?? ''}: unexpected argument "${name}"`);
  };
  if (values['account-id'] !== undefined && !/^\d{12}$/.test(values['account-id']))
    throw new UsageError('--account-id: expected a 12-digit AWS account id');
  switch (`${group} ${action ?? ''}`) {
    case 'topics apply':
      noName();
      return {
        ...common,
        command: {
          kind: 'topics-apply',
          partitions: positiveIntFlag('--partitions', values.partitions) ?? 6,
          // -1 leaves the replication factor to the broker's default.replication.factor.
          replicationFactor:
            positiveIntFlag('--replication-factor', values['replication-factor'], {
              allowMinusOne: true,
            }) ?? -1,
          dryRun: values['dry-run'] ?? false,
        },
      };
    case 'services apply':
      noName();
      return { ...common, command: { kind: 'services-apply', dryRun: values['dry-run'] ?? false } };
    case 'customers add':
      return {
        ...common,
        command: {
          kind: 'customers-add',
          name: needName(),
          products: values.products,
          outDir: values['out-dir'],
          accountId: values['account-id'],
          env: values.env ?? 'prod',
        },
      };
    case 'customers update':
      if (!values.products) throw new UsageError('customers update: --products is required');
      return {
        ...common,
        command: { kind: 'customers-update', name: needName(), products: values.products },
      };
    case 'customers remove':
      return { ...common, command: { kind: 'customers-remove', name: needName() } };
    case 'customers rotate':
      return {
        ...common,
        command: { kind: 'customers-rotate', name: needName(), outDir: values['out-dir'] },
      };
    case 'customers list':
      noName();
      return { ...common, command: { kind: 'customers-list', json: values.json ?? false } };
    case 'acls show':
      noName();
      return {
        ...common,
        command: {
          kind: 'acls-show',
          customer: values.customer,
          principal: values.principal,
          json: values.json ?? false,
        },
      };
    default:
      throw new UsageError(`unknown command "${positionals.join(' ')}"`);
  }
}
