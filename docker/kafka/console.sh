#!/usr/bin/env bash
# Service `console` (profile tools): reads the feed as the demo customer, through the same
# SASL_SSL listener, SCRAM identity and ACLs a customer gets on MSK.
#   docker compose run --rm console                      # marketfeed.enriched from the beginning
#   docker compose run --rm console marketfeed.latest    # the compacted snapshot
set -euo pipefail
config=$(mktemp)
/opt/marketfeed/kafka/client.sh customer-demo "${KAFKA_CUSTOMER_DEMO_PASSWORD:?}" "$config"
# The customer may only use groups under `customer-demo.`; no commits, so every run starts over.
printf 'group.id=customer-demo.console\nenable.auto.commit=false\n' >>"$config"
topic=${1:-${FEED_TOPIC_PREFIX:-marketfeed}.enriched}
exec /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9094}" \
  --command-config "$config" --topic "$topic" --from-beginning "${@:2}"
