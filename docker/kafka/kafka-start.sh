#!/usr/bin/env bash
# Entrypoint of the kafka service: format the KRaft log once, creating the SCRAM super user
# `admin` at format time (no listener can authenticate anyone before that), then run the broker.
set -euo pipefail
: "${KAFKA_CLUSTER_ID:?set KAFKA_CLUSTER_ID (22 characters of base64url)}"
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}"
if [[ ! $KAFKA_ADMIN_PASSWORD =~ ^[A-Za-z0-9._~-]{8,}$ ]]; then
  echo "KAFKA_ADMIN_PASSWORD: use 8 or more of A-Z a-z 0-9 . _ ~ -" >&2
  exit 1
fi

conf=/opt/kafka/config/marketfeed-server.properties
cp /opt/marketfeed/kafka/server.properties "$conf"
pass=$(cat /etc/kafka/secrets/keystore-password)
printf 'ssl.keystore.password=%s\nssl.key.password=%s\n' "$pass" "$pass" >> "$conf"

# --ignore-formatted: on later starts the volume is kept as it is, admin's password included.
/opt/kafka/bin/kafka-storage.sh format --cluster-id "$KAFKA_CLUSTER_ID" --config "$conf" \
  --ignore-formatted --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]"

exec /opt/kafka/bin/kafka-server-start.sh "$conf"
