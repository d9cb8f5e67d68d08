import { describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { steadyEnvironments as environments } from './support/phases.js';
import { APPS, kafkaUsername, type AppName } from '../src/services/task-env.js';
import { containersOf, parsePolicy, resourcesOf, stackNamed, synthEnv } from './support/synth.js';

const has = (json: string, type: string, props: Record<string, unknown>) =>
  Testing.toHaveResourceWithProperties(json, type, props);

describe.each(environments.map((c) => [c.env, c] as const))('the feed-%s stack', (_env, cfg) => {
  const stack = stackNamed(synthEnv(cfg), `feed-${cfg.env}`);
  const { json } = stack;

  it('stores state in S3, encrypted, with S3-native locking', () => {
    expect(stack.tf.terraform.backend?.s3).toMatchObject({
      bucket: cfg.backend.bucket,
      key: `feed-${cfg.env}/terraform.tfstate`,
      encrypt: true,
      use_lockfile: true,
    });
  });

  it('pins the AWS provider to the producer account', () => {
    expect(stack.tf.provider?.aws?.[0]).toMatchObject({
      region: cfg.region,
      allowed_account_ids: [cfg.producerAccountId],
    });
  });

  it('runs SASL/SCRAM only, over TLS, with no unauthenticated access', () => {
    expect(
      has(json, 'aws_msk_cluster', {
        client_authentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
        encryption_info: { encryption_in_transit: { client_broker: 'TLS', in_cluster: true } },
        broker_node_group_info: { connectivity_info: { public_access: { type: 'DISABLED' } } },
      }),
    ).toBe(true);
  });

  it('encrypts the cluster at rest with the stack customer-managed key', () => {
    const [key] = Object.keys(stack.tf.resource.aws_kms_key ?? {});
    expect(
      has(json, 'aws_msk_cluster', {
        encryption_info: { encryption_at_rest_kms_key_arn: `\${aws_kms_key.${key}.arn}` },
      }),
    ).toBe(true);
    expect(has(json, 'aws_kms_key', { enable_key_rotation: true })).toBe(true);
  });

  it('places three brokers in the private subnets only', () => {
    const [cluster] = resourcesOf(stack, 'aws_msk_cluster');
    const info = cluster?.broker_node_group_info as { client_subnets: string[] };
    expect(cluster?.number_of_broker_nodes).toBe(3);
    expect(info.client_subnets).toHaveLength(3);
    for (const s of info.client_subnets) expect(s).toMatch(/^\$\{aws_subnet\.network_private-/);
    for (const subnet of resourcesOf(stack, 'aws_subnet'))
      expect(subnet.map_public_ip_on_launch ?? false).toBe(false);
  });

  it('configures the brokers: ACLs enforced, no auto-created topics, durable writes', () => {
    const [conf] = resourcesOf(stack, 'aws_msk_configuration');
    const props = String(conf?.server_properties).split('\n');
    expect(props).toEqual(
      expect.arrayContaining([
        'allow.everyone.if.no.acl.found=false',
        'auto.create.topics.enable=false',
        'min.insync.replicas=2',
        'default.replication.factor=3',
      ]),
    );
    const [cluster] = resourcesOf(stack, 'aws_msk_cluster');
    expect((cluster?.configuration_info as { revision: string }).revision).toMatch(
      /latest_revision\}$/,
    );
  });

  it('ships broker logs to an encrypted log group', () => {
    expect(
      has(json, 'aws_msk_cluster', {
        logging_info: { broker_logs: { cloudwatch_logs: { enabled: true } } },
      }),
    ).toBe(true);
  });

  it('creates one AmazonMSK_ secret for the admin, per app and per customer, under the CMK, associated to the cluster', () => {
    const secrets = resourcesOf(stack, 'aws_secretsmanager_secret').filter((s) =>
      String(s.name).startsWith('AmazonMSK_'),
    );
    const expected = [
      'admin',
      'ingestor',
      'enricher',
      'sink',
      ...cfg.customers.map((c) => `customer-${c.name}`),
    ].map((u) => `AmazonMSK_${u}`);
    expect(secrets.map((s) => s.name).sort()).toEqual(expected.sort());
    for (const s of secrets) expect(s.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    const [assoc] = resourcesOf(stack, 'aws_msk_scram_secret_association');
    expect(assoc?.secret_arn_list).toHaveLength(expected.length);
  });

  it('lets only the MSK service read the SCRAM secrets through their resource policy', () => {
    const policies = resourcesOf(stack, 'aws_secretsmanager_secret_policy').map((p) =>
      parsePolicy(p.policy),
    );
    expect(policies.length).toBe(1 + APPS.length + cfg.customers.length);
    for (const p of policies)
      expect(p.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'kafka.amazonaws.com' },
          Action: ['secretsmanager:GetSecretValue'],
        }),
      ]);
  });

  it('keeps secret values out of the configuration and the state: write-only, from ephemeral passwords', () => {
    const versions = resourcesOf(stack, 'aws_secretsmanager_secret_version');
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(v).not.toHaveProperty('secret_string');
      expect(v.secret_string_wo).toMatch(
        /^\$\{jsonencode\(\{.*"password" = ephemeral\.random_password\.[^}]+\.result\}\)\}$/,
      );
      expect(v.secret_string_wo_version).toEqual(expect.any(Number));
    }
    expect(resourcesOf(stack, 'random_password')).toEqual([]);
  });

  it('turns on multi-VPC connectivity for SCRAM and names exactly the customer accounts in the cluster policy', () => {
    expect(
      has(json, 'aws_msk_cluster', {
        broker_node_group_info: {
          connectivity_info: {
            vpc_connectivity: { client_authentication: { sasl: { scram: true } } },
          },
        },
      }),
    ).toBe(true);
    const [policy] = resourcesOf(stack, 'aws_msk_cluster_policy');
    const doc = parsePolicy(policy?.policy);
    expect(doc.Statement).toHaveLength(1);
    const st = doc.Statement[0] as {
      Principal: { AWS: string[] };
      Action: string[];
      Resource: string;
    };
    expect([...st.Principal.AWS].sort()).toEqual(
      cfg.customers.map((c) => `arn:aws:iam::${c.accountId}:root`).sort(),
    );
    expect(st.Action.sort()).toEqual(
      [
        'kafka:CreateVpcConnection',
        'kafka:DescribeCluster',
        'kafka:DescribeClusterV2',
        'kafka:GetBootstrapBrokers',
      ].sort(),
    );
    expect(st.Resource).toMatch(/^\$\{aws_msk_cluster\..+\.arn\}$/);
  });

  it('runs OpenSearch in the VPC with fine-grained access control, encryption and HTTPS only', () => {
    expect(
      has(json, 'aws_opensearch_domain', {
        advanced_security_options: {
          enabled: true,
          anonymous_auth_enabled: false,
          internal_user_database_enabled: false,
        },
        encrypt_at_rest: { enabled: true },
        node_to_node_encryption: { enabled: true },
        domain_endpoint_options: {
          enforce_https: true,
          tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10',
        },
      }),
    ).toBe(true);
    const [domain] = resourcesOf(stack, 'aws_opensearch_domain');
    expect((domain?.encrypt_at_rest as { kms_key_id: string }).kms_key_id).toMatch(
      /^\$\{aws_kms_key\./,
    );
    expect((domain?.vpc_options as { subnet_ids: string[] }).subnet_ids.length).toBe(
      Math.min(cfg.search.instanceCount, 3),
    );
  });

  it('adds three dedicated cluster-manager nodes where configured', () => {
    const [domain] = resourcesOf(stack, 'aws_opensearch_domain');
    const cluster = domain?.cluster_config as Record<string, unknown>;
    if (cfg.search.dedicatedMasterType)
      expect(cluster).toMatchObject({ dedicated_master_enabled: true, dedicated_master_count: 3 });
    else expect(cluster).not.toHaveProperty('dedicated_master_enabled');
  });

  it('publishes OpenSearch application and audit logs to an encrypted log group', () => {
    const [domain] = resourcesOf(stack, 'aws_opensearch_domain');
    const published = domain?.log_publishing_options as {
      log_type: string;
      cloudwatch_log_group_arn: string;
    }[];
    expect(published.map((o) => o.log_type).sort()).toEqual(['AUDIT_LOGS', 'ES_APPLICATION_LOGS']);
    for (const o of published)
      expect(o.cloudwatch_log_group_arn).toMatch(/aws_cloudwatch_log_group\.search_logs_/);
  });

  it('admits only the admin role and the sink task role to the domain', () => {
    const [policy] = resourcesOf(stack, 'aws_opensearch_domain_policy');
    const principals = parsePolicy(policy?.access_policies).Statement.flatMap((s) => {
      const aws = (s.Principal as { AWS: string | string[] }).AWS;
      return Array.isArray(aws) ? aws : [aws];
    });
    expect(principals).toEqual([
      expect.stringMatching(/^\$\{aws_iam_role\.search_admin-role_/),
      expect.stringMatching(/^\$\{aws_iam_role\.services_opensearch-sink_task-role_/),
    ]);
  });

  it('keeps images immutable and scanned on push', () => {
    expect(resourcesOf(stack, 'aws_ecr_repository')).toHaveLength(APPS.length);
    for (const repo of resourcesOf(stack, 'aws_ecr_repository'))
      expect(repo).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
      });
  });

  it('probes /healthz with node (no curl in the image) in every container', () => {
    const containers = containersOf(stack);
    expect([...containers.keys()].sort()).toEqual(APPS.map((a) => `feed-${cfg.env}-${a}`).sort());
    for (const c of containers.values()) {
      expect(c.healthCheck?.command).toEqual([
        'CMD',
        'node',
        '-e',
        "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))",
      ]);
      expect(c.logConfiguration.logDriver).toBe('awslogs');
      expect(c.stopTimeout).toBeGreaterThan(0);
    }
  });

  it("caps each task's V8 heap at three quarters of its memory, keeping source maps", () => {
    const tasks = resourcesOf(stack, 'aws_ecs_task_definition');
    expect(tasks).toHaveLength(APPS.length);
    for (const td of tasks) {
      const [c] = JSON.parse(td.container_definitions as string) as {
        environment: { name: string; value: string }[];
      }[];
      const options = c?.environment.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
      const memory = Number(td.memory);
      expect(memory % 4).toBe(0);
      expect(options.split(' ').sort()).toEqual(
        ['--enable-source-maps', `--max-old-space-size=${(memory * 3) / 4}`].sort(),
      );
    }
  });

  it('injects the Kafka password from the app own AmazonMSK_ secret via valueFrom', () => {
    for (const [name, c] of containersOf(stack)) {
      const app = kafkaUsername(name.replace(`feed-${cfg.env}-`, '') as AppName);
      const pw = c.secrets.find((s) => s.name === 'KAFKA_PASSWORD');
      expect(pw?.valueFrom).toMatch(
        new RegExp(
          `^\\$\\{aws_secretsmanager_secret\\.cluster_user-${app}_secret_[A-Z0-9]+\\.arn\\}:password::$`,
        ),
      );
      expect(c.environment.map((e) => e.name)).not.toContain('KAFKA_PASSWORD');
    }
  });

  it('rolls back failed deployments with the circuit breaker', () => {
    const services = resourcesOf(stack, 'aws_ecs_service');
    expect(services).toHaveLength(APPS.length);
    for (const s of services)
      expect(s).toMatchObject({
        launch_type: 'FARGATE',
        deployment_circuit_breaker: { enable: true, rollback: true },
        network_configuration: { assign_public_ip: false },
      });
  });

  it('autoscales the enricher and the sink, not the single-connection ingestor', () => {
    const targets = resourcesOf(stack, 'aws_appautoscaling_target')
      .filter((t) => t.service_namespace === 'ecs')
      .map((t) => String(t.resource_id));
    expect(targets).toHaveLength(2);
    expect(targets.some((t) => t.includes('enricher'))).toBe(true);
    expect(targets.some((t) => t.includes('opensearch-sink'))).toBe(true);
  });

  it('opens the brokers only to the app tasks and the operator group, on the SCRAM port', () => {
    const rules = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) =>
      String(r.security_group_id).includes('cluster_brokers-sg'),
    );
    const sources = rules
      .filter((r) => r.from_port === 9096)
      .map((r) => String(r.referenced_security_group_id).replace(/_[A-F0-9]{8}\.id\}$/, ''))
      .sort();
    expect(sources).toEqual(
      [
        '${aws_security_group.operator_sg',
        '${aws_security_group.services_enricher-sg',
        '${aws_security_group.services_ingestor-sg',
        '${aws_security_group.services_opensearch-sink-sg',
      ].sort(),
    );
  });

  it('opens the domain only to the sink tasks and the operator group, on HTTPS', () => {
    const rules = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) =>
      String(r.security_group_id).includes('search_domain-sg'),
    );
    expect(rules.map((r) => [r.from_port, r.to_port])).toEqual([
      [443, 443],
      [443, 443],
    ]);
    expect(rules.map((r) => String(r.referenced_security_group_id)).sort()).toEqual([
      expect.stringMatching(/operator_sg/),
      expect.stringMatching(/services_opensearch-sink-sg/),
    ]);
  });

  it('records all VPC traffic in flow logs', () => {
    expect(
      has(json, 'aws_flow_log', { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }),
    ).toBe(true);
  });
});
