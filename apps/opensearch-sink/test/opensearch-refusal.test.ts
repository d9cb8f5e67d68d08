import { describe, expect, it } from 'vitest';
import { OpenSearchRequestError } from '../src/opensearch-gateway.js';
import { openSearchRefusal } from '../src/opensearch-refusal.js';

const url = 'https://search.example:443';
const basic = { url, auth: { kind: 'basic', username: 'sink', password: 'x' } } as const;
const refused = (status: number | null) =>
  new OpenSearchRequestError('put index template', { status, message: 'security_exception' });

describe("OpenSearch's refusals at start-up as the operator's one-line fix", () => {
  it('names OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD on a 401 with basic auth, exit 78', () => {
    const e = openSearchRefusal(refused(401), basic, 'marketfeed');
    expect(e?.exitCode).toBe(78);
    expect(e?.message).toBe(
      'OpenSearch at https://search.example:443 rejected the credentials of OPENSEARCH_USERNAME=sink; check OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD (401 on put index template)',
    );
  });

  it('names OPENSEARCH_AUTH when the cluster wants credentials and none are configured', () => {
    const e = openSearchRefusal(refused(401), { url, auth: { kind: 'none' } }, 'marketfeed');
    expect(e?.message).toMatch(/requires authentication; set OPENSEARCH_AUTH=basic/);
  });

  it('names the permission and the index pattern on a 403', () => {
    const e = openSearchRefusal(refused(403), basic, 'feed');
    expect(e?.exitCode).toBe(78);
    expect(e?.message).toMatch(
      /denied put index template to OPENSEARCH_USERNAME=sink \(403\); grant .* write on feed-\* indices/,
    );
  });

  it('leaves other failures (outages, 5xx) to the retry path', () => {
    const auth = { kind: 'none' } as const;
    expect(openSearchRefusal(refused(null), { url, auth }, 'm')).toBeUndefined();
    expect(openSearchRefusal(refused(503), { url, auth }, 'm')).toBeUndefined();
  });
});
