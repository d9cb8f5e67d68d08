/**
 * Reads the Kafka client properties file feedctl hands to customers (the same file Kafka's
 * console consumer takes with --command-config) into connection settings.
 */
export interface PropertiesConnection {
  brokers: string[] | undefined;
  username: string | undefined;
  password: string | undefined;
  caFile: string | undefined;
  ssl: boolean;
}

export class PropertiesError extends Error {
  override name = 'PropertiesError';
}

/** Java properties subset: `key=value` or `key: value`, `#`/`!` comments, no line continuations. */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) props.set(m[1], m[2] ?? '');
  }
  return props;
}

export function connectionFromProperties(text: string, source: string): PropertiesConnection {
  const props = parseProperties(text);
  const protocol = props.get('security.protocol') ?? 'PLAINTEXT';
  if (protocol !== 'SASL_SSL')
    throw new PropertiesError(
      `${source}: security.protocol is ${protocol}; marketfeed requires SASL_SSL`,
    );
  const mechanism = props.get('sasl.mechanism');
  if (mechanism !== 'SCRAM-SHA-512')
    throw new PropertiesError(
      `${source}: sasl.mechanism must be SCRAM-SHA-512 (got ${mechanism ?? 'nothing'})`,
    );
  const jaas = props.get('sasl.jaas.config') ?? '';
  const username = /username="([^"]*)"/.exec(jaas)?.[1];
  const password = /password="([^"]*)"/.exec(jaas)?.[1];
  const trustType = props.get('ssl.truststore.type');
  const trustFile = props.get('ssl.truststore.location');
  if (trustFile && trustType !== 'PEM')
    throw new PropertiesError(
      `${source}: ssl.truststore.type ${trustType ?? '(JKS)'} is not supported here; give the CA as PEM (ssl.truststore.type=PEM)`,
    );
  const servers = props.get('bootstrap.servers');
  return {
    brokers: servers
      ? servers
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : undefined,
    username,
    password,
    caFile: trustFile,
    ssl: true,
  };
}
