#!/usr/bin/env bash
# One-shot (service kafka-certs): a throwaway CA and the broker's TLS key pair, created once per
# volume with the JDK's keytool (the kafka image has no openssl). Clients verify the broker
# against ca.pem exactly as they verify MSK, so the TLS code path is the production one.
set -euo pipefail

tls_dir=/etc/kafka/secrets        # broker only: keystore and its password
ca_dir=/etc/marketfeed/kafka-ca   # everyone: ca.pem
if [[ -s $tls_dir/broker.p12 && -s $tls_dir/keystore-password && -s $ca_dir/ca.pem ]]; then
  echo "kafka-certs: TLS material already present"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
san="SAN=dns:kafka,dns:localhost,ip:127.0.0.1"
kt() { keytool -storetype PKCS12 -storepass "$pass" "$@"; }

kt -genkeypair -keystore "$work/ca.p12" -alias ca -dname "CN=marketfeed compose dev CA" \
  -keyalg RSA -keysize 2048 -validity 825 -ext bc:c -ext KU=keyCertSign,cRLSign
kt -exportcert -keystore "$work/ca.p12" -alias ca -rfc -file "$work/ca.pem"

rm -f "$tls_dir/broker.p12"
kt -genkeypair -keystore "$tls_dir/broker.p12" -alias broker -dname "CN=kafka" \
  -keyalg RSA -keysize 2048 -validity 825 -ext "$san"
kt -certreq -keystore "$tls_dir/broker.p12" -alias broker -file "$work/broker.csr"
kt -gencert -keystore "$work/ca.p12" -alias ca -infile "$work/broker.csr" -outfile "$work/broker.crt" \
  -rfc -validity 825 -ext "$san" -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth
kt -importcert -keystore "$tls_dir/broker.p12" -alias ca -file "$work/ca.pem" -noprompt
kt -importcert -keystore "$tls_dir/broker.p12" -alias broker -file "$work/broker.crt" -noprompt

printf '%s' "$pass" > "$tls_dir/keystore-password"
cp "$work/ca.pem" "$ca_dir/ca.pem"
# The broker runs as appuser; the apps (uid 1000) and tools only ever read ca.pem.
chown appuser "$tls_dir/broker.p12" "$tls_dir/keystore-password"
chmod 0400 "$tls_dir/broker.p12" "$tls_dir/keystore-password"
chmod 0444 "$ca_dir/ca.pem"
echo "kafka-certs: CA and broker certificate (kafka, localhost, 127.0.0.1) created"
