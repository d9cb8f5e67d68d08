/** Why the feed refused this client; each kind tells the customer what to fix. */
export type AccessDenial = 'authentication' | 'topic-authorization' | 'group-authorization';

/**
 * An authentication failure or ACL denial. Never retried: retrying a wrong password only
 * hammers the broker, and an entitlement does not appear by waiting.
 */
export class FeedAccessError extends Error {
  override name = 'FeedAccessError';
  constructor(
    readonly kind: AccessDenial,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Misuse the client can tell before asking the broker (bad group id, options). */
export class FeedConfigError extends Error {
  override name = 'FeedConfigError';
}

const KIND_BY_TYPE: Record<string, AccessDenial> = {
  SASL_AUTHENTICATION_FAILED: 'authentication',
  TOPIC_AUTHORIZATION_FAILED: 'topic-authorization',
  GROUP_AUTHORIZATION_FAILED: 'group-authorization',
};

/** Finds the denial in a kafkajs error, following `originalError`/`cause` (retriers wrap errors). */
export function accessDenial(err: unknown): AccessDenial | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof FeedAccessError) return e.kind;
    const { type, name } = e as { type?: string; name?: string };
    if (type && KIND_BY_TYPE[type]) return KIND_BY_TYPE[type];
    if (name === 'KafkaJSSASLAuthenticationError') return 'authentication';
    const next = e as { originalError?: unknown; cause?: unknown };
    e = next.originalError ?? next.cause;
  }
  return undefined;
}

export interface DenialContext {
  username: string;
  topic?: string;
  groupId?: string;
}

/** Turns a kafkajs error into a FeedAccessError with a message that says what to do, or returns it unchanged. */
export function explainAccessError(err: unknown, ctx: DenialContext): unknown {
  if (err instanceof FeedAccessError) return err;
  // kafkajs drops FindCoordinator's GROUP_AUTHORIZATION_FAILED and throws "group coordinator
  // not found" instead; on a reachable cluster that is how a denied group shows up.
  if (
    ctx.groupId &&
    (err as { name?: string } | undefined)?.name === 'KafkaJSGroupCoordinatorNotFound'
  )
    return new FeedAccessError(
      'group-authorization',
      `consumer group "${ctx.groupId}" was refused for "${ctx.username}" (the broker would not name its coordinator, which is how a group ACL denial surfaces): group ids must start with "${ctx.username}.", or access has been revoked`,
      { cause: err },
    );
  const kind = accessDenial(err);
  if (!kind) return err;
  switch (kind) {
    case 'authentication':
      return new FeedAccessError(
        kind,
        `authentication failed for Kafka user "${ctx.username}" (SASL/SCRAM-SHA-512): wrong user name or password, or this access has been revoked`,
        { cause: err },
      );
    case 'topic-authorization':
      return new FeedAccessError(
        kind,
        `not authorized to read ${ctx.topic ? `topic "${ctx.topic}"` : 'a topic of the feed'} as "${ctx.username}": it is not part of your subscription, or access has been revoked`,
        { cause: err },
      );
    case 'group-authorization':
      return new FeedAccessError(
        kind,
        `not authorized to use consumer group "${ctx.groupId ?? '?'}" as "${ctx.username}": group ids must start with "${ctx.username}."`,
        { cause: err },
      );
  }
}
