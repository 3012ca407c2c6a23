#!/usr/bin/env bash
# The platform on a fresh kind cluster, end to end: installs the operators at the versions the manifests were checked
# against, builds and loads the images, applies the dev overlay, waits for every resource to be ready, then runs the
# README's purchase (deploy/devstack/demo-purchase.sh) through the cluster's gateway and prints each step.
#   deploy/k8s/smoke.sh              # creates the kind cluster "tickets" (KIND_CLUSTER=...) unless it exists
#   SMOKE_KEEP=1 deploy/k8s/smoke.sh # leaves the port-forward to the gateway running at the end
# Needs: Docker (10 GiB of memory and 4 CPUs for it), kind 0.27+, kubectl 1.30+, openssl, curl, a JDK 21+.
# It cannot run on the project's build machines (no container engine); OperatorRulesTest and the other tests of
# deploy/k8s check offline what it applies. Every wait has a deadline and says what it was waiting for.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The versions deploy/k8s was written and checked against (src/test/resources/crds/README.md has the CRDs' sources).
ENVOY_GATEWAY=v1.9.0        # Gateway API 1.6.1 compiled in, the CRDs' version
STRIMZI=1.2.0               # the io.strimzi:api model of deploy/k8s/pom.xml
CLOUDNATIVE_PG=1.30.0
KEYCLOAK_OPERATOR=26.5.6    # the Keycloak the devstack runs (the root pom's keycloak.version)
PROMETHEUS_OPERATOR=v0.93.0 # only its CRDs: ServiceMonitor, PrometheusRule and CloudNativePG's PodMonitors
CERT_MANAGER=v1.21.1        # Keycloak's certificate inside the cluster (keycloak/internal-tls.yaml)
CLUSTER=${KIND_CLUSTER:-tickets}
NAMESPACE=tickets
HOST=tickets.example.com
GATEWAY_PORT=${SMOKE_GATEWAY_PORT:-18443}

STARTED=$(date +%s)
step() { printf '\n== [%4ds] %s\n' "$(($(date +%s) - STARTED))" "$*"; }
fail() { printf '\nsmoke: FAILED: %s\n' "$*" >&2; exit 1; }
# wait_until SECONDS WHAT COMMAND...: runs COMMAND every 5 s until it succeeds
wait_until() {
    local deadline=$(($(date +%s) + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "gave up waiting for $what"
        sleep 5
    done
    echo "   ready: $what"
}
# kubectl wait, but for resources that may not exist yet (an operator creates them)
wait_for() {
    local seconds=$1 resource=$2 condition=$3 namespace=${4:-$NAMESPACE}
    wait_until "$seconds" "$resource to exist" kubectl -n "$namespace" get "$resource"
    kubectl -n "$namespace" wait "$resource" --for="$condition" --timeout="${seconds}s" || {
        kubectl -n "$namespace" describe "$resource" | tail -30 >&2
        fail "$resource not $condition within ${seconds}s"
    }
}

for tool in docker kind kubectl openssl curl; do
    command -v "$tool" >/dev/null || fail "$tool is not on the PATH"
done

step "kind cluster $CLUSTER"
if ! kind get clusters | grep -qx "$CLUSTER"; then
    kind create cluster --name "$CLUSTER" --wait 120s
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null
kubectl apply -f deploy/k8s/base/namespace.yaml

step "Gateway API implementation: Envoy Gateway $ENVOY_GATEWAY (its install brings the Gateway API CRDs)"
kubectl apply --server-side --force-conflicts \
    -f "https://github.com/envoyproxy/gateway/releases/download/$ENVOY_GATEWAY/install.yaml"
kubectl -n envoy-gateway-system rollout status deployment/envoy-gateway --timeout=300s
# the services' NetworkPolicy admits the gateway's namespace by this label
kubectl label namespace envoy-gateway-system tickets.example.com/gateway=true --overwrite
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: tickets
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
EOF

step "Prometheus operator's CRDs $PROMETHEUS_OPERATOR"
kubectl apply --server-side --force-conflicts \
    -f "https://github.com/prometheus-operator/prometheus-operator/releases/download/$PROMETHEUS_OPERATOR/stripped-down-crds.yaml"

step "cert-manager $CERT_MANAGER"
kubectl apply --server-side --force-conflicts \
    -f "https://github.com/cert-manager/cert-manager/releases/download/$CERT_MANAGER/cert-manager.yaml"
for deployment in cert-manager cert-manager-cainjector cert-manager-webhook; do
    kubectl -n cert-manager rollout status "deployment/$deployment" --timeout=300s
done

step "CloudNativePG $CLOUDNATIVE_PG"
kubectl apply --server-side --force-conflicts \
    -f "https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-${CLOUDNATIVE_PG%.*}/releases/cnpg-$CLOUDNATIVE_PG.yaml"
kubectl -n cnpg-system rollout status deployment/cnpg-controller-manager --timeout=300s

step "Strimzi $STRIMZI, watching $NAMESPACE (installed into it)"
curl -fsSL "https://github.com/strimzi/strimzi-kafka-operator/releases/download/$STRIMZI/strimzi-cluster-operator-$STRIMZI.yaml" \
    | sed "s/namespace: .*/namespace: $NAMESPACE/" | kubectl -n "$NAMESPACE" apply --server-side --force-conflicts -f -
kubectl -n "$NAMESPACE" rollout status deployment/strimzi-cluster-operator --timeout=300s

step "Keycloak operator $KEYCLOAK_OPERATOR, in $NAMESPACE (it watches the namespace it runs in)"
resources="https://raw.githubusercontent.com/keycloak/keycloak-k8s-resources/$KEYCLOAK_OPERATOR/kubernetes"
kubectl apply -f "$resources/keycloaks.k8s.keycloak.org-v1.yml" -f "$resources/keycloakrealmimports.k8s.keycloak.org-v1.yml"
kubectl -n "$NAMESPACE" apply -f "$resources/kubernetes.yml"
# its ClusterRoleBinding names the namespace "keycloak" unless told
if kubectl get clusterrolebinding keycloak-operator-clusterrole-binding >/dev/null 2>&1; then
    kubectl patch clusterrolebinding keycloak-operator-clusterrole-binding --type=json \
        -p "[{\"op\": \"replace\", \"path\": \"/subjects/0/namespace\", \"value\": \"$NAMESPACE\"}]"
    # it may have started (and backed off) without its cluster-wide rights
    kubectl -n "$NAMESPACE" rollout restart deployment/keycloak-operator
fi
kubectl -n "$NAMESPACE" rollout status deployment/keycloak-operator --timeout=300s

step "images: build (deploy/k8s/images/build.sh) and load into kind"
images=$(deploy/k8s/images/build.sh | grep '^tickets.local/')
for image in $images; do
    kind load docker-image --name "$CLUSTER" "$image"
done

step "the gateway's certificate: self-signed for $HOST (Secret tickets-tls)"
if ! kubectl -n "$NAMESPACE" get secret tickets-tls >/dev/null 2>&1; then
    tls=$(mktemp -d)
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$HOST" -addext "subjectAltName=DNS:$HOST" \
        -keyout "$tls/tls.key" -out "$tls/tls.crt" 2>/dev/null
    kubectl -n "$NAMESPACE" create secret tls tickets-tls --cert="$tls/tls.crt" --key="$tls/tls.key"
    rm -rf "$tls"
fi

step "the platform: kubectl apply -k deploy/k8s/overlays/dev"
kubectl apply --server-side --force-conflicts -k deploy/k8s/overlays/dev

step "waiting: databases, Kafka, Connect and its connectors, Keycloak and the realm, the services, the gateway"
for cluster in $(kubectl -n "$NAMESPACE" get clusters.postgresql.cnpg.io -o name); do
    wait_for 900 "$cluster" condition=Ready
done
wait_for 300 certificate/tickets-keycloak-tls condition=Ready
wait_for 900 kafka/tickets condition=Ready
wait_for 600 kafkaconnect/tickets-connect condition=Ready
connectors_running() {
    local states
    states=$(kubectl -n "$NAMESPACE" get kafkaconnectors -o \
        jsonpath='{range .items[*]}{.status.connectorStatus.connector.state}{" "}{.status.connectorStatus.tasks[*].state}{"\n"}{end}')
    [ "$(echo "$states" | grep -c .)" -eq 8 ] && ! echo "$states" | grep -qv '^RUNNING RUNNING$'
}
wait_until 600 "the 8 outbox connectors and their tasks RUNNING" connectors_running
kubectl -n "$NAMESPACE" get kafkaconnectors
wait_for 900 keycloak/tickets-keycloak condition=Ready
wait_for 600 keycloakrealmimport/tickets-realm condition=Done
for deployment in $(kubectl -n "$NAMESPACE" get deployments -l app.kubernetes.io/part-of=tickets -o name); do
    wait_for 600 "$deployment" condition=Available
done
wait_for 300 gateway/tickets condition=Programmed

step "a purchase through the gateway (https://$HOST, forwarded to 127.0.0.1:$GATEWAY_PORT)"
proxy=$(kubectl -n envoy-gateway-system get service -o name \
    -l "gateway.envoyproxy.io/owning-gateway-namespace=$NAMESPACE,gateway.envoyproxy.io/owning-gateway-name=tickets")
[ -n "$proxy" ] || fail "no Envoy service for the Gateway tickets"
kubectl -n envoy-gateway-system port-forward "$proxy" "$GATEWAY_PORT:443" >/dev/null 2>&1 &
forward=$!
[ -n "${SMOKE_KEEP:-}" ] || trap 'kill $forward 2>/dev/null || true' EXIT
# curl reaches the gateway by its public name (TLS's server name and the routes' hostname) and trusts its
# self-signed certificate: a .curlrc only for the walkthrough below
CURL_HOME=$(mktemp -d)
printf 'insecure\nresolve = %s:%s:127.0.0.1\n' "$HOST" "$GATEWAY_PORT" > "$CURL_HOME/.curlrc"
export CURL_HOME
wait_until 60 "the gateway answering on 127.0.0.1:$GATEWAY_PORT" \
    curl -fs "https://$HOST:$GATEWAY_PORT/auth/realms/tickets/.well-known/openid-configuration"
GW="https://$HOST:$GATEWAY_PORT" DEMO_WAIT=60 deploy/devstack/demo-purchase.sh

step "done: the platform runs on kind-$CLUSTER and a purchase went through it end to end"
[ -z "${SMOKE_KEEP:-}" ] || echo "   the gateway stays forwarded to 127.0.0.1:$GATEWAY_PORT (pid $forward); resolve $HOST there"
