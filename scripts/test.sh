#!/usr/bin/env bash
# The whole test suite: lint, typecheck and unit tests (cached by turbo), then integration
# tests against the real local stack (Kafka SASL_SSL/SCRAM + ACLs, OpenSearch).
# If the stack was not running, it is started here and stopped again on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

started_stack=0
cleanup() {
  if [ "$started_stack" = 1 ]; then
    echo "== stopping the local stack this run started"
    npm run --silent stack:down || true
  fi
}
trap cleanup EXIT

echo "== build, lint, typecheck, unit tests"
npx turbo run build lint typecheck test --output-logs=errors-only

if ! npm run --silent stack:status -- --quiet >/dev/null 2>&1; then
  started_stack=1
fi
echo "== local stack"
npm run --silent stack:up

echo "== integration tests (real Kafka + OpenSearch)"
npx turbo run test:int --concurrency=1 --output-logs=full
