import { readFileSync } from 'node:fs';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client, type ClientOptions } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import type { OpenSearchSettings } from './config.js';

type CredentialsProvider = NonNullable<Parameters<typeof AwsSigv4Signer>[0]['getCredentials']>;

export interface OpenSearchClientDeps {
  /** SigV4 credentials; defaults to the AWS SDK chain (ECS task role, env, profile, IMDS). */
  credentials?: CredentialsProvider;
}

/** Client options from settings; exported so the auth/TLS wiring is testable without a server. */
export function openSearchClientOptions(
  settings: OpenSearchSettings,
  deps: OpenSearchClientDeps = {},
): ClientOptions {
  const base: ClientOptions = {
    node: settings.url,
    requestTimeout: settings.requestTimeoutMs,
    // The sink owns retries (backoff + jitter + pausing the consumer); the client's own
    // immediate retries would only multiply load on a struggling cluster.
    maxRetries: 0,
    ssl: {
      rejectUnauthorized: settings.tlsVerify,
      ...(settings.caFile ? { ca: readFileSync(settings.caFile, 'utf8') } : {}),
    },
  };
  switch (settings.auth.kind) {
    case 'basic':
      return {
        ...base,
        auth: { username: settings.auth.username, password: settings.auth.password },
      };
    case 'sigv4': {
      // One provider instance caches credentials and refreshes them before they expire.
      const getCredentials = deps.credentials ?? defaultProvider();
      return {
        ...base,
        ...AwsSigv4Signer({
          region: settings.auth.region,
          service: settings.auth.service,
          getCredentials,
        }),
      };
    }
    default:
      return base;
  }
}

export function createOpenSearchClient(
  settings: OpenSearchSettings,
  deps: OpenSearchClientDeps = {},
): Client {
  return new Client(openSearchClientOptions(settings, deps));
}
