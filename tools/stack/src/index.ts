export {
  readStackInfo,
  serviceEnv,
  userPassword,
  StackNotRunningError,
  type StackInfo,
} from './stack-info.js';
export { grantServiceAcls, revokeServiceAcls } from './acls.js';
export { saslSslConfig, plaintextConfig } from './kafka-client-config.js';
export { provisionPrefix, deletePrefixTopics } from './prefix-provisioning.js';
