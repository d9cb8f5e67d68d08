export {
  readStackInfo,
  serviceEnv,
  userPassword,
  StackNotRunningError,
  type StackInfo,
} from './stack-info.js';
export {
  grantServiceAcls,
  revokeServiceAcls,
  serviceAcls,
  toKafkajsAcls,
  serviceIds,
  SCRAM_USERS,
  SERVICE_USERS,
  type AclGrant,
  type ServiceUser,
  type ScramUser,
} from './acls.js';
export { stackTopics, topicNames, type StackTopic } from './topic-catalog.js';
export { saslSslConfig, plaintextConfig } from './kafka-client-config.js';
export { provisionPrefix, deletePrefixTopics } from './prefix-provisioning.js';
