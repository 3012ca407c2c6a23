#!/usr/bin/env bash
# Builds the platform and starts all of it on this machine: PostgreSQL, Kafka, the Debezium outbox
# relay, Keycloak and the services, each as a real process. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building (first time: Maven downloads the servers and libraries, a few minutes) ..."
./mvnw -q install -DskipTests
exec "$(./mvnw --java-home)/bin/java" -cp deploy/devstack/launcher/target/classes tickets.devstack.Main "$@"
