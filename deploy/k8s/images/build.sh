#!/usr/bin/env bash
# Builds every image the cluster runs, all with one tag: the project's version (the root pom's).
#   deploy/k8s/images/build.sh            into the local Docker daemon as tickets.local/tickets/<name>:<version>, the
#                                         names the base and the dev overlay use (then `kind load docker-image`, as
#                                         deploy/k8s/smoke.sh does): the eight services, the sandbox payment provider,
#                                         Kafka Connect with the Debezium plugin.
#   deploy/k8s/images/build.sh REGISTRY   pushes them as REGISTRY/tickets/<name>:<version> instead (production: the
#                                         sandbox is not built); set REGISTRY in overlays/prod/kustomization.yaml.
# Needs a JDK 21+ and Docker (the Connect image is a Dockerfile; the Java images are built by Jib).
set -euo pipefail
cd "$(dirname "$0")/../../.."
registry=${1:-tickets.local}
version=$(sed -n '/<artifactId>tickets-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
step() { printf '\n== %s\n' "$*"; }

if [ "$registry" = tickets.local ]; then
    step "the services and the sandbox provider into the local Docker daemon (Jib), tag $version"
    ./mvnw -B -q package -DskipTests -Dquarkus.container-image.build=true
else
    step "the services to $registry (Jib, no Docker daemon needed for these), tag $version"
    ./mvnw -B -q package -DskipTests -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
        -Dquarkus.container-image.registry="$registry" -Djib.skip=true
fi

connect="$registry/tickets/connect-debezium:$version"
step "Kafka Connect with the Debezium plugin: $connect"
DOCKER_BUILDKIT=1 docker build -t "$connect" deploy/k8s/images/connect
if [ "$registry" != tickets.local ]; then
    docker push "$connect"
fi

step "images"
names="$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' deploy/services.txt | awk '{print $1 "-service"}') connect-debezium"
[ "$registry" = tickets.local ] && names="$names payment-provider-sandbox"
for name in $names; do
    echo "$registry/tickets/$name:$version"
done
