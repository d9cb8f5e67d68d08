#!/usr/bin/env bash
# Writes a Java client config for one SCRAM user (SASL_SSL, trusting the compose CA) and prints
# its path. Used by init.sh and the console service; passwords are hex/URL-safe (checked).
set -euo pipefail
user=$1 password=$2 file=$3
if [[ ! $password =~ ^[A-Za-z0-9._~-]{8,}$ ]]; then
  echo "password of Kafka user $user: use 8 or more of A-Z a-z 0-9 . _ ~ -" >&2
  exit 1
fi
umask 077
cat > "$file" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$password";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/marketfeed/kafka-ca/ca.pem
PROPS
