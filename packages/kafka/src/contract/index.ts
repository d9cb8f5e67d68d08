/**
 * The feed's contract: topics, principals and ACL sets, as pure data and functions of the topic
 * prefix. Everything that names a topic, user, group or grant (apps, infra, tools/stack,
 * feedctl, docker/kafka/*.conf) derives from here. No kafkajs: infra and generators import it.
 */
export * from './topics.js';
export * from './principals.js';
export * from './acls.js';
