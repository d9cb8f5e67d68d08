import { EXIT, type OperatorMistake } from '@marketfeed/service';
import { diagnoseKafkaError, KAFKA_ERROR_CLASSES } from './errors.js';

/**
 * runService's `classifyError` for a Kafka service: refused credentials and ACL denials are the
 * operator's to fix (exit 77, one line naming the user and the fix); everything else is left to
 * runService (a bug or an outage).
 */
export function kafkaOperatorMistake(
  err: unknown,
  kafkaUsername: string | undefined,
): OperatorMistake | undefined {
  const { cls, type } = diagnoseKafkaError(err);
  if (cls !== 'auth') return undefined;
  const user = `KAFKA_USERNAME=${kafkaUsername ?? '(unset)'}`;
  return {
    exitCode: EXIT.kafkaAuth,
    line:
      type === KAFKA_ERROR_CLASSES.auth[58]
        ? `Kafka rejected the SASL credentials for ${user}; check KAFKA_USERNAME/KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE)`
        : `Kafka denied ${user} (${type}); grant the service's ACLs (npm run feedctl -- services apply) or check FEED_TOPIC_PREFIX`,
  };
}
