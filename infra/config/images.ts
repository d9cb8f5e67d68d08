/**
 * The consumer stack's client image (Kafka's console consumer), pinned by digest so a re-tag
 * upstream cannot change what runs in a customer's account. The digest is the one public
 * repositories pin for `apache/kafka:4.1.0` (found with the project's code search, not read
 * from Docker Hub: no registry is reachable where this was written); check it with
 * `docker buildx imagetools inspect apache/kafka:4.1.0` before a first apply.
 */
export const CONSUMER_IMAGE =
  'apache/kafka:4.1.0@sha256:bff074a5d0051dbc0bbbcd25b045bb1fe84833ec0d3c7c965d1797dd289ec88f';
