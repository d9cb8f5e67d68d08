import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Admin } from 'kafkajs';
import { catalogTopics, isKafkaAuthError, topicCatalog } from '@marketfeed/kafka';
import { ConfigError, type Env, type Logger } from '@marketfeed/service';
import { formatAclTable, formatTable } from './acl-format.js';
import { ArgsError, parseCli, USAGE, type Command } from './cli-args.js';
import { connectAdmin, resolveTarget, UsageError, type Target } from './connection.js';
import {
  customerIdentity,
  InvalidCustomerError,
  parseProducts,
  productsFromAcls,
} from './customer.js';
import {
  addCustomer,
  CustomerExistsError,
  CustomerNotFoundError,
  describeAllAcls,
  listCustomers,
  removeCustomer,
  rotateCustomerPassword,
  updateCustomer,
} from './customers.js';
import {
  clientProperties,
  consoleConsumerCommand,
  consumeCommand,
  kafkajsSnippet,
  localStackCommands,
  mskInstructions,
  type HandoverInput,
} from './handover.js';
import { ScramToolError } from './scram.js';
import { applyServiceAcls, formatGrants, serviceGrants } from './services.js';
import { applyTopicPlan, planCatalog } from './topics-apply.js';
import { formatPlan, growsKeyedTopics } from './topics-plan.js';

export interface FeedctlIo {
  env: Env;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  logger: Logger;
}

/** Runs one feedctl command; returns the process exit code. */
export async function runFeedctl(argv: readonly string[], io: FeedctlIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    io.err(`feedctl: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.command.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  let admin: Admin | undefined;
  try {
    const target = resolveTarget({ ...parsed, cwd: io.cwd }, io.env);
    admin = await connectAdmin(target, io.logger);
    await execute(parsed.command, target, admin, io);
    return 0;
  } catch (err) {
    return reportError(err, io);
  } finally {
    await admin?.disconnect();
  }
}

/** Mistakes of the user (exit 2) and refusals of the request (exit 1): one line, no stack trace. */
const OPERATOR_ERRORS: [exitCode: number, kinds: (new (...args: never[]) => Error)[]][] = [
  [2, [UsageError, InvalidCustomerError, ArgsError]],
  [1, [CustomerExistsError, CustomerNotFoundError, ScramToolError]],
];

function reportError(err: unknown, io: FeedctlIo): number {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ConfigError) {
    io.err(`feedctl: ${message}\n(use --stack for the local stack)\n`);
    return 78;
  }
  for (const [exitCode, kinds] of OPERATOR_ERRORS)
    if (kinds.some((kind) => err instanceof kind)) {
      io.err(`feedctl: ${message}\n`);
      return exitCode;
    }
  if (isKafkaAuthError(err)) {
    io.err(
      `feedctl: the admin identity was refused by the cluster (${message}); feedctl needs a super user or Alter/Describe on the cluster and ACLs\n`,
    );
    return 1;
  }
  io.err(`feedctl: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
  return 1;
}

async function execute(
  command: Exclude<Command, { kind: 'help' }>,
  target: Target,
  admin: Admin,
  io: FeedctlIo,
): Promise<void> {
  const prefix = target.settings.topicPrefix;
  const deps = { admin, prefix, scram: target.scram };
  switch (command.kind) {
    case 'topics-apply': {
      const specs = catalogTopics(topicCatalog(prefix, command.partitions));
      const { plan, actual } = await planCatalog(admin, specs);
      io.out(`${formatPlan(plan)}\n`);
      const grown = growsKeyedTopics(plan);
      if (grown.length > 0)
        io.err(
          `feedctl: note: growing ${grown.join(', ')} moves some symbols to new partitions; per-symbol order holds only for records written after the change. Grow raw, enriched, latest and enricher-state together with the enricher stopped.\n`,
        );
      if (command.dryRun || plan.changes.length === 0) return;
      await applyTopicPlan(admin, plan, actual, command.replicationFactor);
      io.out(`applied ${plan.changes.length} change(s)\n`);
      return;
    }
    case 'services-apply': {
      io.out(`service ACLs for prefix ${prefix}:\n${formatGrants(serviceGrants(prefix))}\n`);
      if (command.dryRun) return;
      const n = await applyServiceAcls(admin, prefix);
      io.out(
        `applied ${n} ACL entr${n === 1 ? 'y' : 'ies'} (existing ones are left as they are)\n`,
      );
      return;
    }
    case 'customers-add':
      return addCommand(command, target, deps, io);
    case 'customers-update': {
      const { created, removed } = await updateCustomer(
        deps,
        command.name,
        parseProducts(command.products),
      );
      io.out(
        `customer ${command.name}: ${created.length} ACL(s) added, ${removed.length} removed\n`,
      );
      if (created.length + removed.length > 0)
        io.out(`${formatAclTable([...created, ...removed])}\n`);
      return;
    }
    case 'customers-rotate': {
      const { id, password } = await rotateCustomerPassword(deps, command.name);
      const file = await writeHandover(
        command.outDir,
        target,
        io,
        {
          id,
          prefix,
          products: productsFromAcls(await describeAllAcls(admin, id.principal), prefix),
          bootstrap: target.customerBootstrap,
          caFile: target.customerCaFile,
        },
        password,
        true,
      );
      io.out(
        `customer ${command.name}: new password in ${file} (0600); the old one is refused on the next login, open sessions stay until they reconnect\n`,
      );
      return;
    }
    case 'customers-remove': {
      const r = await removeCustomer(deps, command.name);
      // The file `customers add` wrote holds the removed credential: it goes too.
      const file =
        target.kind === 'stack' && target.outDir
          ? join(resolve(io.cwd, target.outDir), `${r.id.username}.properties`)
          : undefined;
      const fileRemoved =
        file !== undefined &&
        (await rm(file).then(
          () => true,
          () => false,
        ));
      io.out(
        `customer ${command.name} removed: ${r.aclsRemoved} ACL(s) deleted (open sessions are refused from their next request)` +
          (target.kind === 'stack'
            ? `, SCRAM credential ${r.credentialRemoved ? 'deleted (new logins fail)' : 'was already absent'}` +
              (fileRemoved ? `, client properties ${file} deleted\n` : '\n')
            : `.\nOn MSK also remove it from infra/config/<env>.ts and apply: that disassociates and deletes ${r.id.mskSecretName}.\n`),
      );
      return;
    }
    case 'customers-list': {
      const customers = await listCustomers(deps);
      if (command.json) {
        io.out(`${JSON.stringify(customers, null, 2)}\n`);
        return;
      }
      if (customers.length === 0) {
        io.out('no customers\n');
        return;
      }
      const rows = customers.map((c) => [
        c.name,
        c.username,
        c.products.join(',') || '-',
        c.groupAccess ? `${c.username}.*` : 'MISSING',
        c.credential === undefined ? 'n/a (MSK)' : c.credential ? 'yes' : 'NO',
        String(c.extraAcls),
      ]);
      io.out(
        `${formatTable(['CUSTOMER', 'KAFKA USER', 'PRODUCTS', 'GROUPS', 'CREDENTIAL', 'EXTRA ACLS'], rows)}\n`,
      );
      return;
    }
    case 'acls-show': {
      const principal = command.customer
        ? customerIdentity(command.customer).principal
        : command.principal;
      const acls = await describeAllAcls(admin, principal);
      if (command.json)
        io.out(
          `${JSON.stringify(
            acls.map((a) => ({ ...a })),
            null,
            2,
          )}\n`,
        );
      else io.out(acls.length === 0 ? 'no ACLs\n' : `${formatAclTable(acls)}\n`);
      return;
    }
  }
}

/** Writes the customer's properties file (0600); `replace` for a rotation, else never overwrites. */
async function writeHandover(
  outDir: string | undefined,
  target: Target,
  io: FeedctlIo,
  handover: HandoverInput,
  password: string,
  replace: boolean,
): Promise<string> {
  const dir = resolve(io.cwd, outDir ?? target.outDir ?? '.');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${handover.id.username}.properties`);
  // 'wx' never overwrites an earlier customer's file; chmod covers a pre-existing file's mode.
  await writeFile(file, clientProperties(handover, password), {
    mode: 0o600,
    flag: replace ? 'w' : 'wx',
  });
  await chmod(file, 0o600);
  return file;
}

async function addCommand(
  command: Extract<Command, { kind: 'customers-add' }>,
  target: Target,
  deps: Parameters<typeof addCustomer>[0],
  io: FeedctlIo,
): Promise<void> {
  const products = parseProducts(command.products);
  const added = await addCustomer(deps, command.name, products);
  const handover = {
    id: added.id,
    prefix: deps.prefix,
    products,
    bootstrap: target.customerBootstrap,
    caFile: target.customerCaFile,
  };
  io.out(
    `customer ${added.id.name}: Kafka user ${added.id.username}, products ${products.join(', ')}, groups ${added.id.groupPrefix}*\n`,
  );
  io.out(`${formatAclTable(added.acls)}\n\n`);
  if (added.password !== undefined) {
    const file = await writeHandover(command.outDir, target, io, handover, added.password, false);
    // Local stack: lines that run here as printed (neither tool is on PATH).
    const local =
      target.kind === 'stack' && target.outDir
        ? localStackCommands(dirname(resolve(io.cwd, target.outDir)))
        : undefined;
    io.out(
      [
        `Client properties (with the generated password, mode 0600; it is stored nowhere else): ${file}`,
        "Hand it to the customer over a secure channel. Check access with Kafka's console consumer:",
        `  ${consoleConsumerCommand(handover, file, local?.tool)}`,
        'or with the marketfeed client:',
        `  ${consumeCommand(handover, file, local?.runner)}`,
        '',
        'kafkajs (password from MARKETFEED_PASSWORD):',
        kafkajsSnippet(handover),
      ].join('\n'),
    );
    return;
  }
  io.out(mskInstructions({ id: added.id, accountId: command.accountId, env: command.env }));
  io.out(`\nkafkajs (password from MARKETFEED_PASSWORD):\n${kafkajsSnippet(handover)}`);
}
