import { describe, expect, it } from 'vitest';
import { customerIdentity } from './customer.js';
import { clientProperties, kafkajsSnippet, mskInstructions } from './handover.js';
import { generatePassword } from './secrets.js';

const input = {
  id: customerIdentity('acme'),
  prefix: 'mf',
  products: ['enriched', 'latest'] as const,
  bootstrap: 'localhost:9094',
  caFile: '/tmp/ca.pem',
};

describe('customer handover files', () => {
  it('writes a SASL_SSL SCRAM-SHA-512 properties file for the console consumer', () => {
    const text = clientProperties(input, 'pw123');
    expect(text).toContain('security.protocol=SASL_SSL\n');
    expect(text).toContain('sasl.mechanism=SCRAM-SHA-512\n');
    expect(text).toContain('username="customer-acme" password="pw123";');
    expect(text).toContain('ssl.truststore.type=PEM\nssl.truststore.location=/tmp/ca.pem\n');
    expect(text).toContain('group.id=customer-acme.console\n');
    expect(text).toContain('bootstrap.servers=localhost:9094\n');
  });

  it('omits the truststore when the brokers use a public CA (MSK)', () => {
    expect(clientProperties({ ...input, caFile: undefined }, 'x')).not.toContain('truststore');
  });

  it('never inlines the password in the kafkajs snippet', () => {
    const snippet = kafkajsSnippet(input);
    expect(snippet).toContain('process.env.MARKETFEED_PASSWORD');
    expect(snippet).toContain("groupId: 'customer-acme.my-app'");
    expect(snippet).toContain("topics: ['mf.enriched', 'mf.latest']");
    expect(kafkajsSnippet({ ...input, caFile: undefined })).not.toContain('readFileSync');
  });

  it('tells infra which secret and config entry to create on MSK', () => {
    const text = mskInstructions({
      id: customerIdentity('acme'),
      accountId: '555555555555',
      env: 'prod',
    });
    expect(text).toContain("{ name: 'acme', accountId: '555555555555' }");
    expect(text).toContain('AmazonMSK_customer-acme');
    expect(text).toContain('infra/config/prod.ts');
  });

  it('generates long random passwords that need no escaping', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
