import kafkajs, { type AclEntry, type DescribeAclResource } from 'kafkajs';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const invert = (o: object): Map<number, string> =>
  new Map(
    Object.entries(o)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => [v as number, k]),
  );

const RESOURCE = invert(AclResourceTypes);
const PATTERN = invert(ResourcePatternTypes);
const OPERATION = invert(AclOperationTypes);
const PERMISSION = invert(AclPermissionTypes);

export interface AclRow {
  principal: string;
  permission: string;
  operation: string;
  resourceType: string;
  pattern: string;
  resource: string;
  host: string;
}

export function aclRow(a: AclEntry): AclRow {
  return {
    principal: a.principal,
    permission: PERMISSION.get(a.permissionType) ?? String(a.permissionType),
    operation: OPERATION.get(a.operation) ?? String(a.operation),
    resourceType: RESOURCE.get(a.resourceType) ?? String(a.resourceType),
    pattern: PATTERN.get(a.resourcePatternType) ?? String(a.resourcePatternType),
    resource: a.resourceName,
    host: a.host,
  };
}

/** Flattens a DescribeAcls response into one entry per binding. */
export function flattenAcls(resources: readonly DescribeAclResource[]): AclEntry[] {
  return resources.flatMap((r) =>
    r.acls.map((acl) => ({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      resourcePatternType: r.resourcePatternType,
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
    })),
  );
}

export function sortRows(rows: AclRow[]): AclRow[] {
  return [...rows].sort(
    (a, b) =>
      a.principal.localeCompare(b.principal) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.resource.localeCompare(b.resource) ||
      a.operation.localeCompare(b.operation),
  );
}

/** A fixed-width text table (no dependency: the output is read by operators and grepped). */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatAclTable(entries: readonly AclEntry[]): string {
  const rows = sortRows(entries.map(aclRow)).map((r) => [
    r.principal,
    r.permission,
    r.operation,
    r.resourceType,
    r.pattern,
    r.resource,
    r.host,
  ]);
  return formatTable(
    ['PRINCIPAL', 'PERMISSION', 'OPERATION', 'RESOURCE', 'PATTERN', 'NAME', 'HOST'],
    rows,
  );
}
