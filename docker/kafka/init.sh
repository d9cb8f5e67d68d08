#!/usr/bin/env bash
# One-shot (service kafka-init): the feed's SCRAM users, topics and ACLs, from users' passwords
# in the environment and users.conf / topics.conf / acls.conf (generated from the contract by
# `npm run compose:conf`). Idempotent: re-running updates passwords, skips existing topics and
# re-adds ACLs (the broker ignores duplicates). Exits 0 when done.
set -euo pipefail

bin=/opt/kafka/bin
here=/opt/marketfeed/kafka
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9094}
prefix=${FEED_TOPIC_PREFIX:-marketfeed}
partitions=${TOPIC_PARTITIONS:-6}
# Many short-lived CLI JVMs: small heaps, quick start.
export KAFKA_HEAP_OPTS="-Xms32m -Xmx256m"
export KAFKA_JVM_PERFORMANCE_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"

admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
"$here/client.sh" admin "${KAFKA_ADMIN_PASSWORD:?}" "$admin"
kafka() { "$bin/$1" --bootstrap-server "$bootstrap" --command-config "$admin" "${@:2}" </dev/null; }

# Each CLI call is a JVM start; run up to $parallel at once and fail if any of them failed.
parallel=${INIT_PARALLELISM:-4}
pids=()
spawn() {
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  "$@" &
  pids+=($!)
}
join() {
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  pids=()
  if ((failed)); then
    echo "kafka-init: a step failed (see above). On an authentication failure: KAFKA_ADMIN_PASSWORD" \
      "must be the one the kafka volume was first formatted with (docker compose down -v resets it)." >&2
    exit 1
  fi
}

echo "kafka-init: SCRAM users"
# users.conf is generated from the contract; each user's password is KAFKA_<USER>_PASSWORD
# (upper case, "-" as "_"), e.g. KAFKA_CUSTOMER_DEMO_PASSWORD for customer-demo.
while read -r user; do
  [[ -z ${user:-} || $user == \#* ]] && continue
  variable=KAFKA_${user^^}_PASSWORD
  variable=${variable//-/_}
  password=${!variable:?$variable must be set for the SCRAM user $user}
  "$here/client.sh" "$user" "$password" /dev/null # validates the password's characters
  spawn kafka kafka-configs.sh --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" >/dev/null
  echo "  $user"
done <"$here/users.conf"
join

echo "kafka-init: topics ($prefix.*)"
while read -r suffix count configs; do
  [[ -z ${suffix:-} || $suffix == \#* ]] && continue
  count=${count//\{partitions\}/$partitions}
  config_args=()
  IFS=, read -ra entries <<<"$configs"
  for entry in "${entries[@]}"; do config_args+=(--config "$entry"); done
  spawn kafka kafka-topics.sh --create --if-not-exists --topic "$prefix.$suffix" \
    --partitions "$count" --replication-factor 1 "${config_args[@]}" >/dev/null
  echo "  $prefix.$suffix ($count partitions)"
done <"$here/topics.conf"
join

echo "kafka-init: ACLs"
while read -r user type pattern name operations; do
  [[ -z ${user:-} || $user == \#* ]] && continue
  name=${name//\{prefix\}/$prefix}
  case $type in
    topic) resource=(--topic "$name") ;;
    group) resource=(--group "$name") ;;
    transactional-id) resource=(--transactional-id "$name") ;;
    *) echo "acls.conf: unknown resource type $type" >&2; exit 1 ;;
  esac
  op_args=()
  IFS=, read -ra ops <<<"$operations"
  for op in "${ops[@]}"; do op_args+=(--operation "$op"); done
  spawn kafka kafka-acls.sh --add --allow-principal "User:$user" "${resource[@]}" \
    --resource-pattern-type "$pattern" "${op_args[@]}" >/dev/null
  echo "  User:$user $operations $type:$pattern:$name"
done <"$here/acls.conf"
join

echo "kafka-init: done"
