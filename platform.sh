#!/usr/bin/env bash
# Builds the platform (when something changed) and starts all of it on this machine: PostgreSQL,
# Kafka, the Debezium outbox relay, Keycloak and the services, each as a real process. Ctrl+C stops
# everything.
set -euo pipefail
cd "$(dirname "$0")"
# The API gateway is nginx: installed here when it is missing and we may (root, apt-get), as mvnw installs Maven;
# otherwise it says what to install and the platform starts without its gateway.
deploy/devstack/ensure-nginx.sh platform.sh || true
# The build is skipped when no file of the project changed since the last one that succeeded.
stamp=.devstack/last-build
changed() {
    [ ! -f "$stamp" ] && return 0
    [ ! -d deploy/devstack/launcher/target/classes ] && return 0
    [ ! -d deploy/devstack/process/target/classes ] && return 0
    [ -n "$(find . \( -name .git -o -name target -o -name .devstack -o -name node_modules \) -prune \
        -o -type f -newer "$stamp" -print -quit)" ]
}
if changed; then
    echo "Building (first time: Maven downloads the servers and libraries, a few minutes) ..."
    began=$(date +%s)
    ./mvnw -q install -DskipTests
    mkdir -p .devstack && touch "$stamp"
    echo "Built in $(( $(date +%s) - began )) s."
else
    echo "Nothing changed since the last build: starting at once."
fi
# the launcher is plain JDK code; devstack-process is what it shares with the servers it starts
exec "$(./mvnw --java-home)/bin/java" -cp deploy/devstack/launcher/target/classes:deploy/devstack/process/target/classes \
    tickets.devstack.Main "$@"
