import { runCommand } from './run-command.js';

const ALTERNATIVE =
  'Or, with Docker available, run `docker compose up` instead of the local stack.';

/** `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_402" for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError';
}

async function probe(command: string, args: string[]): Promise<string | undefined> {
  try {
    const result = await runCommand(command, args);
    return result.code === 0 ? result.stdout + result.stderr : undefined;
  } catch {
    return undefined; // ENOENT: not installed
  }
}

/** Fails before anything is downloaded or started, naming exactly what to install. */
export async function checkPrerequisites(
  needs: { maven: boolean } = { maven: true },
): Promise<{ javaMajor: number }> {
  const problems: string[] = [];
  const javaOutput = await probe('java', ['-version']);
  const javaMajor = javaOutput ? parseJavaMajor(javaOutput) : undefined;
  if (javaMajor === undefined) {
    problems.push(
      '`java` (JDK 17 or newer) is not on PATH: install e.g. `apt-get install openjdk-17-jdk-headless`.',
    );
  } else if (javaMajor < 17) {
    problems.push(
      `\`java\` on PATH is Java ${javaMajor}; Kafka 4 needs Java 17 or newer: install openjdk-17-jdk-headless.`,
    );
  }
  if (!(await probe('keytool', ['-help']))) {
    problems.push(
      '`keytool` (part of the JDK) is not on PATH: install a full JDK, e.g. openjdk-17-jdk-headless.',
    );
  }
  // With a complete download cache the stack starts offline, without Maven.
  if (needs.maven && !(await probe('mvn', ['-v']))) {
    problems.push(
      '`mvn` (Apache Maven 3.6+) is not on PATH: install e.g. `apt-get install maven`; it downloads Kafka and OpenSearch from Maven Central.',
    );
  }
  if (problems.length > 0 || javaMajor === undefined) {
    throw new MissingPrerequisiteError(
      ['The local stack cannot start:', ...problems.map((p) => `  - ${p}`), ALTERNATIVE].join('\n'),
    );
  }
  return { javaMajor };
}
