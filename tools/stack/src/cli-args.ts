export type Command =
  | { command: 'up' }
  | { command: 'down'; wipe: boolean }
  | { command: 'status'; quiet: boolean }
  | { command: 'acls'; prefix: string }
  | { command: 'help' };

export const USAGE = `usage: tsx tools/stack/src/cli.ts <command>
  up                  download (cached), start and provision Kafka + OpenSearch; no-op if running
  down [--wipe]       stop what up started; --wipe also deletes data, secrets and certificates
  status [--quiet]    print each server's state; exit 0 only if all are up and healthy
  acls --prefix <p>   grant the service users their ACLs on the topics <p>.raw, <p>.enriched, …`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((arg) => arg.startsWith('--')));
  const allow = (...allowed: string[]) => {
    const unknown = rest.filter((arg) => arg.startsWith('--') && !allowed.includes(arg));
    if (unknown.length > 0)
      throw new UsageError(`unknown option for ${command}: ${unknown.join(' ')}\n${USAGE}`);
  };
  switch (command) {
    case 'up':
      allow();
      return { command: 'up' };
    case 'down':
      allow('--wipe');
      return { command: 'down', wipe: flags.has('--wipe') };
    case 'status':
      allow('--quiet');
      return { command: 'status', quiet: flags.has('--quiet') };
    case 'acls': {
      allow('--prefix');
      const prefix = rest[rest.indexOf('--prefix') + 1];
      if (!flags.has('--prefix') || !prefix || prefix.startsWith('--'))
        throw new UsageError(`acls needs --prefix <topic prefix>\n${USAGE}`);
      if (!/^[A-Za-z0-9._-]+$/.test(prefix))
        throw new UsageError(`invalid topic prefix: ${prefix}`);
      return { command: 'acls', prefix };
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    default:
      throw new UsageError(`unknown command: ${command}\n${USAGE}`);
  }
}
