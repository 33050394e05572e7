#!/usr/bin/env bash
# Posts a Falcon event to the gateway, signed as Standard Webhooks says (events.md 1.1),
# with only openssl and curl.
#
#   scripts/post-event.sh                      # a falcon.message.posted.v1 made up on the spot
#   scripts/post-event.sh event.json           # your own CloudEvent (or batch, see below)
#   CONTENT_TYPE=application/cloudevents-batch+json scripts/post-event.sh batch.json
#
# GATEWAY (default http://localhost:8080) and SECRET (default: the demo's secret) can be set.
set -euo pipefail

GATEWAY=${GATEWAY:-http://localhost:8080}
SECRET=${SECRET:-whsec_ZGVtby1zZWNyZXQtZm9yLWFjbC1nYXRld2F5LW9ubHk=}
CONTENT_TYPE=${CONTENT_TYPE:-application/cloudevents+json}

if [ $# -ge 1 ]; then
  body=$(cat "$1")
else
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  body=$(printf '{"specversion":"1.0","id":"demo-%s","source":"/falcon/write-api","type":"falcon.message.posted.v1","time":"%s","data":{"roomId":"42","messageId":"%s","authorId":"7","body":"Hello from Falcon"}}' \
    "$(date +%s%N)" "$now" "$(date +%s)")
fi

id="msg_$(date +%s%N)"
timestamp=$(date +%s)
key_hex=$(printf '%s' "${SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
signature=$(printf '%s.%s.%s' "$id" "$timestamp" "$body" \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)

curl -sS -i "$GATEWAY/events" \
  -H "Content-Type: $CONTENT_TYPE" \
  -H "webhook-id: $id" \
  -H "webhook-timestamp: $timestamp" \
  -H "webhook-signature: v1,$signature" \
  --data-binary "$body"
echo
