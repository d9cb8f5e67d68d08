/** Typed IAM policy documents, rendered to the JSON string AWS resources take. */

export type Principal = { AWS: string | string[] } | { Service: string | string[] };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  Action: string[];
  /** Absent only in trust policies, whose resource is the role itself. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * Tokens (`${aws_x.y.arn}`) survive JSON.stringify as plain strings and are resolved by the
 * synthesizer, so the document stays readable in the synthesized JSON.
 */
export const policyDocument = (statements: Statement[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Trust policy for a service role, guarded against the confused deputy. */
export const serviceTrustPolicy = (service: string, sourceAccount: string): string =>
  policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: ['sts:AssumeRole'],
      Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } },
    },
  ]);

export const accountRoot = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
