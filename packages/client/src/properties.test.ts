import { describe, expect, it } from 'vitest';
import { connectionFromProperties, parseProperties } from './properties.js';

const file = `# marketfeed access for acme
bootstrap.servers=b-1:9096, b-2:9096
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="customer-acme" password="s3cr=t";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/ca.pem
group.id=customer-acme.console
`;

describe('client properties', () => {
  it('reads brokers, SCRAM credentials and the PEM CA', () => {
    expect(connectionFromProperties(file, 'f')).toEqual({
      brokers: ['b-1:9096', 'b-2:9096'],
      username: 'customer-acme',
      password: 's3cr=t',
      caFile: '/etc/ca.pem',
      ssl: true,
    });
  });

  it('keeps "=" inside values and skips comments', () => {
    const p = parseProperties('! c\n# c\na.b = x=y\n');
    expect([...p]).toEqual([['a.b', 'x=y']]);
  });

  it('refuses plaintext, other mechanisms and JKS trust stores', () => {
    expect(() => connectionFromProperties('security.protocol=PLAINTEXT', 'f')).toThrow(
      /requires SASL_SSL/,
    );
    expect(() =>
      connectionFromProperties('security.protocol=SASL_SSL\nsasl.mechanism=PLAIN', 'f'),
    ).toThrow(/SCRAM-SHA-512/);
    expect(() =>
      connectionFromProperties(
        file.replace('ssl.truststore.type=PEM', 'ssl.truststore.type=JKS'),
        'f',
      ),
    ).toThrow(/PEM/);
  });
});
