import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './run-command.js';

export interface BrokerTls {
  /** PEM of the per-stack CA: what clients trust (kafkajs `ssl.ca`, Java `ssl.truststore.type=PEM`). */
  caPem: string;
  /** PKCS12 keystore with the broker's key and its CA-signed certificate chain. */
  keystore: string;
}

export function brokerTlsFiles(dir: string): BrokerTls & { caStore: string } {
  return {
    caPem: join(dir, 'ca.pem'),
    keystore: join(dir, 'broker.p12'),
    caStore: join(dir, 'ca.p12'),
  };
}

/**
 * A CA generated per stack (never a key checked into the repo), and a broker certificate it
 * signs with SAN localhost and 127.0.0.1, so hostname verification stays on in every client.
 * keytool ships with the JDK that Kafka needs anyway, so there is no openssl dependency.
 */
export async function ensureBrokerTls(dir: string, storePassword: string): Promise<BrokerTls> {
  const files = brokerTlsFiles(dir);
  if (existsSync(files.caPem) && existsSync(files.keystore)) return files;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pass = ['-storepass', storePassword];
  const csr = join(dir, 'broker.csr');
  const signed = join(dir, 'broker.pem');
  const validity = ['-validity', '825'];
  // EC keys and a client-tuned JVM: seven keytool runs would otherwise cost ~15 s on a busy box.
  const keytool = (args: string[]) =>
    runChecked('keytool', ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', ...args]);
  const ec = ['-keyalg', 'EC', '-groupname', 'secp256r1'];
  const inStore = (store: string) => ['-keystore', store, ...pass];
  const genKeyPair = (alias: string, dname: string, store: string, extensions: string[] = []) =>
    keytool([
      '-genkeypair',
      '-alias',
      alias,
      ...ec,
      '-dname',
      dname,
      ...extensions,
      ...validity,
      '-storetype',
      'PKCS12',
      ...inStore(store),
    ]);
  await genKeyPair('ca', 'CN=marketfeed local stack CA', files.caStore, ['-ext', 'bc:c']);
  await keytool([
    '-exportcert',
    '-rfc',
    '-alias',
    'ca',
    ...inStore(files.caStore),
    '-file',
    files.caPem,
  ]);
  await genKeyPair('broker', 'CN=localhost', files.keystore);
  await keytool(['-certreq', '-alias', 'broker', ...inStore(files.keystore), '-file', csr]);
  await keytool([
    '-gencert',
    '-rfc',
    '-alias',
    'ca',
    ...inStore(files.caStore),
    '-infile',
    csr,
    '-outfile',
    signed,
    '-ext',
    'SAN=dns:localhost,ip:127.0.0.1',
    '-ext',
    'EKU=serverAuth',
    ...validity,
  ]);
  // The CA goes in first so keytool can build the chain when the signed reply is imported.
  await keytool([
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    files.caPem,
    ...inStore(files.keystore),
  ]);
  await keytool(['-importcert', '-alias', 'broker', '-file', signed, ...inStore(files.keystore)]);
  await rm(csr, { force: true });
  // The CA certificate is public (every client reads it); the keystores hold private keys.
  await Promise.all([chmod(files.keystore, 0o600), chmod(files.caStore, 0o600)]);
  return files;
}
