#!/usr/bin/env bash
# The whole test suite: lint, typecheck and unit tests (cached by turbo), then integration
# tests against the real local stack (Kafka SASL_SSL/SCRAM + ACLs, OpenSearch).
# If the stack was not running, it is started here and stopped again on exit.
set -uo pipefail
cd "$(dirname "$0")/.."

logdir="$(mktemp -d)"
started_stack=0
cleanup() {
  if [ "$started_stack" = 1 ]; then
    echo "== stopping the local stack this run started"
    npm run --silent stack:down || true
  fi
  rm -rf "$logdir"
}
trap cleanup EXIT

echo "== build, lint, typecheck, unit tests"
npx turbo run build lint typecheck test --output-logs=full 2>&1 | tee "$logdir/unit.log"
unit_rc=${PIPESTATUS[0]}

int_rc=0
if [ "$unit_rc" = 0 ]; then
  if ! npm run --silent stack:status -- --quiet >/dev/null 2>&1; then
    started_stack=1
  fi
  echo "== local stack"
  if npm run --silent stack:up; then
    echo "== integration tests (real Kafka + OpenSearch)"
    npx turbo run test:int --concurrency=1 --continue --output-logs=full 2>&1 | tee "$logdir/int.log"
    int_rc=${PIPESTATUS[0]}
  else
    echo "the local stack did not start; see .stack/logs/" >&2
    int_rc=1
  fi
fi

node scripts/count-tests.mjs "$logdir"/*.log
if [ "$unit_rc" != 0 ] || [ "$int_rc" != 0 ]; then
  echo "FAILED (unit: $unit_rc, integration: $int_rc)" >&2
  exit 1
fi
