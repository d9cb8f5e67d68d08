import { describe, expect, it } from 'vitest';
import { accessDenial, explainAccessError, FeedAccessError } from './errors.js';

describe('access errors', () => {
  it('finds the denial through kafkajs wrappers', () => {
    const inner = Object.assign(new Error('x'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    const wrapped = Object.assign(new Error('retries exhausted'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      originalError: inner,
    });
    expect(accessDenial(wrapped)).toBe('topic-authorization');
    expect(
      accessDenial(Object.assign(new Error('sasl'), { name: 'KafkaJSSASLAuthenticationError' })),
    ).toBe('authentication');
    expect(accessDenial(new Error('ECONNREFUSED'))).toBeUndefined();
  });

  it('names the topic or group and what the customer can do', () => {
    const topic = explainAccessError(
      Object.assign(new Error(), { type: 'TOPIC_AUTHORIZATION_FAILED' }),
      { username: 'customer-acme', topic: 'mf.raw' },
    );
    expect(topic).toBeInstanceOf(FeedAccessError);
    expect((topic as Error).message).toMatch(
      /topic "mf.raw" as "customer-acme": it is not part of your subscription/,
    );
    const group = explainAccessError(
      Object.assign(new Error(), { type: 'GROUP_AUTHORIZATION_FAILED' }),
      { username: 'customer-acme', groupId: 'x' },
    );
    expect((group as Error).message).toMatch(/group ids must start with "customer-acme\."/);
    const coordinator = explainAccessError(
      Object.assign(new Error('Failed to find group coordinator'), {
        name: 'KafkaJSGroupCoordinatorNotFound',
      }),
      { username: 'u', groupId: 'u.g' },
    );
    expect(coordinator).toMatchObject({ kind: 'group-authorization' });
    const other = new Error('boom');
    expect(explainAccessError(other, { username: 'u' })).toBe(other);
  });
});
