import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { toKafkajsAcls } from '../src/acls.js';

describe('toKafkajsAcls', () => {
  it('emits one ALLOW entry per operation for the User principal on any host', () => {
    const [entry, ...rest] = toKafkajsAcls([
      {
        user: 'sink',
        resource: { type: 'group', name: 'g', pattern: 'prefixed' },
        operations: ['Read'],
      },
    ]);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      resourceType: kafkajs.AclResourceTypes.GROUP,
      resourceName: 'g',
      resourcePatternType: kafkajs.ResourcePatternTypes.PREFIXED,
      principal: 'User:sink',
      host: '*',
      operation: kafkajs.AclOperationTypes.READ,
      permissionType: kafkajs.AclPermissionTypes.ALLOW,
    });
  });
});
