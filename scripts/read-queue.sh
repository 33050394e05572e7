#!/usr/bin/env bash
# Reads the legacy queue of the demo as the legacy consumers will see it, with only curl: the
# embedded ElasticMQ answers SQS's query API (Action=ReceiveMessage) and checks no signature.
#
#   scripts/read-queue.sh                  # up to 10 messages, left on the queue
#   scripts/read-queue.sh --delete         # the same, then removed from the queue
#   scripts/read-queue.sh QUEUE_URL        # another queue (a per-command one, say)
#
# QUEUE_URL defaults to the demo's http://localhost:9324/000000000000/legacy-events.fifo. Messages
# are received with a visibility timeout of 0, so without --delete they stay (each read counts in
# ApproximateReceiveCount). Prints, per message: body, group id, deduplication id, the message
# attributes and the other system attributes.
set -euo pipefail

queue=${QUEUE_URL:-http://localhost:9324/000000000000/legacy-events.fifo}
delete=false
for arg in "$@"; do
  case "$arg" in
    --delete) delete=true ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "read-queue.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) queue=$arg ;;
  esac
done

# call ACTION [curl args...]: one query-API call to the queue; prints the XML answer, or the
# error ElasticMQ gave and exits 1.
call() {
  local action=$1 out status
  shift
  if ! out=$(curl -sS -w '\n%{http_code}' "$queue" -d "Action=$action" "$@"); then
    echo "read-queue.sh: no answer from $queue (is the demo running? ./mvnw spring-boot:test-run)" >&2
    exit 1
  fi
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "$status" != 200 ]; then
    echo "read-queue.sh: $action on $queue answered HTTP $status:" >&2
    sed -n 's:.*<Message>\(.*\)</Message>.*:  \1:p' <<<"$out" >&2
    exit 1
  fi
  printf '%s\n' "$out"
}

answer=$(call ReceiveMessage -d MaxNumberOfMessages=10 -d VisibilityTimeout=0 \
  -d AttributeName.1=All -d MessageAttributeName.1=All)

# The answer is XML; split it at every "<" (awk's record separator) and walk the tags.
report=$(awk -v RS='<' '
  function text(s) {
    sub(/^[^>]*>/, "", s)
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
    gsub(/&#13;|&#xD;|&#xd;/, "\r", s); gsub(/&#10;|&#xA;|&#xa;/, "\n", s); gsub(/&amp;/, "\\&", s)
    return s
  }
  function flush() {
    if (!n) return
    printf "message %d\n", n
    printf "  body:              %s\n", body
    printf "  group id:          %s\n", (("MessageGroupId") in sys) ? sys["MessageGroupId"] : "(none: not a FIFO queue)"
    printf "  deduplication id:  %s\n", (("MessageDeduplicationId") in sys) ? sys["MessageDeduplicationId"] : "(none)"
    printf "  attributes:        %s\n", attrs == "" ? "(none)" : attrs
    others = ""
    for (k in sys) if (k != "MessageGroupId" && k != "MessageDeduplicationId") others = others (others == "" ? "" : ", ") k "=" sys[k]
    printf "  system attributes: %s\n", others
    printf "  receipt handle:    %s\n", receipt
  }
  /^Message>/          { flush(); n++; body = ""; attrs = ""; receipt = ""; split("", sys); in_attr = 0; in_mattr = 0; next }
  /^Body>/             { body = text($0); next }
  /^ReceiptHandle>/    { receipt = text($0); next }
  /^Attribute>/        { in_attr = 1; next }
  /^\/Attribute>/      { in_attr = 0; next }
  /^MessageAttribute>/ { in_mattr = 1; next }
  /^\/MessageAttribute>/ { in_mattr = 0; next }
  /^Name>/             { name = text($0); next }
  in_attr && /^Value>/ { sys[name] = text($0); next }
  in_mattr && /^(StringValue|BinaryValue)>/ { attrs = attrs (attrs == "" ? "" : ", ") name "=" text($0); next }
  END { flush(); print "count " n + 0 }
' <<<"$answer")
count=$(sed -n 's/^count //p' <<<"$report")
report=$(grep -v '^count ' <<<"$report" || true)

if [ "$count" = 0 ]; then
  echo "no message on $queue"
  exit 0
fi
printf '%s\n' "$report" | grep -v '^  receipt handle:'
if $delete; then
  printf '%s\n' "$report" | sed -n 's/^  receipt handle:    //p' | while IFS= read -r handle; do
    call DeleteMessage --data-urlencode "ReceiptHandle=$handle" >/dev/null
  done
  echo "$count message(s) deleted from $queue"
else
  echo "$count message(s) left on $queue (--delete removes them)"
fi
