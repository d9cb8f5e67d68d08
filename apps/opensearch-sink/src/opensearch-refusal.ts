import { EXIT, OperatorError } from '@marketfeed/service';
import type { OpenSearchAuth } from './config.js';
import type { OpenSearchRequestError } from './opensearch-gateway.js';

/**
 * OpenSearch's 401/403 at start-up as the operator's one-line fix, naming the variables (or the
 * permission) to change; undefined for any other failure. Exit 78: the deployment's credentials
 * or the role behind them do not match what the sink needs.
 */
export function openSearchRefusal(
  err: OpenSearchRequestError,
  opensearch: { url: string; auth: OpenSearchAuth },
  indexPrefix: string,
): OperatorError | undefined {
  const { status } = err.failure;
  const { url, auth } = opensearch;
  if (status === 401) {
    const fix =
      auth.kind === 'basic'
        ? `rejected the credentials of OPENSEARCH_USERNAME=${auth.username}; check OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD`
        : auth.kind === 'sigv4'
          ? 'rejected the SigV4-signed request; check the task role and OPENSEARCH_AWS_REGION/OPENSEARCH_AWS_SERVICE'
          : 'requires authentication; set OPENSEARCH_AUTH=basic with OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD (or sigv4)';
    return new OperatorError(`OpenSearch at ${url} ${fix} (401 on ${err.operation})`, EXIT.config);
  }
  if (status === 403) {
    const who =
      auth.kind === 'basic'
        ? `OPENSEARCH_USERNAME=${auth.username}`
        : auth.kind === 'sigv4'
          ? 'the task role'
          : 'anonymous requests';
    return new OperatorError(
      `OpenSearch at ${url} denied ${err.operation} to ${who} (403); grant its role index-template, ISM and alias permissions and write on ${indexPrefix}-* indices, or use another OPENSEARCH_USERNAME`,
      EXIT.config,
    );
  }
  return undefined;
}
