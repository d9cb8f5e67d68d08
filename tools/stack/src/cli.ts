import { parseArgs, USAGE, UsageError } from './cli-args.js';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';
import { StackNotRunningError } from './stack-info.js';
import { MissingPrerequisiteError } from './prerequisites.js';
import { consoleProgress } from './progress.js';
import { formatStatus, grantAclsForPrefix, stackDown, stackStatus, stackUp } from './stack.js';

async function main(argv: string[]): Promise<number> {
  const command = parseArgs(argv);
  const paths = stackPaths();
  switch (command.command) {
    case 'help':
      console.log(USAGE);
      return 0;
    case 'up': {
      const started = Date.now();
      const statuses = await stackUp(paths, consoleProgress());
      console.log(formatStatus(statuses));
      console.log(
        `stack up in ${((Date.now() - started) / 1000).toFixed(1)}s — connection details in ${paths.stackJson}`,
      );
      console.log(
        `try: .stack/bin/kafka-console-consumer.sh --bootstrap-server localhost:9094 --topic marketfeed.enriched --from-beginning --command-config .stack/clients/customer-demo.properties`,
      );
      return statuses.every((s) => s.healthy) ? 0 : 1;
    }
    case 'down':
      await stackDown(paths, command.wipe, (line) => console.log(line));
      return 0;
    case 'status': {
      const statuses = await stackStatus(paths);
      if (!command.quiet) console.log(formatStatus(statuses));
      return statuses.every((s) => s.healthy) ? 0 : 1;
    }
    case 'acls':
      await grantAclsForPrefix(paths, command.prefix);
      console.log(`granted the service ACLs on ${command.prefix}.*`);
      return 0;
  }
}

const quiet = process.argv.includes('--quiet');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (!quiet) {
      const expected =
        error instanceof UsageError ||
        error instanceof MissingPrerequisiteError ||
        error instanceof StackError ||
        error instanceof StackNotRunningError;
      console.error(expected ? (error as Error).message : error);
      if (process.argv[2] === 'up' && !(error instanceof UsageError)) {
        console.error(
          'stack:up failed; `npm run stack:status` shows what is running, `npm run stack:down` stops it, logs are in .stack/kafka/logs, .stack/opensearch/logs and .stack/run/*.out',
        );
      }
    }
    process.exit(1);
  },
);
