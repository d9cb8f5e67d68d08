#!/bin/sh
# One-shot (service dashboards-import): loads the sink's saved objects (index pattern, saved
# search, visualizations) into OpenSearch Dashboards. overwrite=true makes re-runs idempotent.
set -eu
url=${DASHBOARDS_URL:-http://opensearch-dashboards:5601}
found=0
for file in /dashboards/*.ndjson; do
  [ -e "$file" ] || continue
  found=1
  echo "dashboards-import: $file"
  result=$(curl -fsS -X POST "$url/api/saved_objects/_import?overwrite=true" \
    -H 'osd-xsrf: true' --form "file=@$file")
  echo "$result"
  case $result in
    *'"success":true'*) ;;
    *) echo "dashboards-import: $file was not imported cleanly" >&2; exit 1 ;;
  esac
done
if [ "$found" = 0 ]; then
  echo "dashboards-import: no *.ndjson in /dashboards (the repository's dashboards/)" >&2
  exit 1
fi
