#!/usr/bin/env bash
# Prints a Kafka topic of the local run from its beginning, e.g.: deploy/devstack/tail-topic.sh concerts.events
set -euo pipefail
cd "$(dirname "$0")/../.."
module=deploy/devstack/kafka/target
exec "$(./mvnw --java-home)/bin/java" -cp "$module/classes:$(cat "$module/server.classpath")" \
    tickets.devstack.kafka.TopicTail "$1" "127.0.0.1:${DEVSTACK_KAFKA_PORT:-19092}" 2>/dev/null
