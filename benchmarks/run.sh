#!/usr/bin/env bash
# The benchmark suite (not part of ./mvnw verify): builds the platform, then starts its own servers
# on free ports, runs every scenario beside its physical baseline and writes docs/benchmarks.md
# (its generated section) and docs/benchmarks/*.png. About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q install -DskipTests
./mvnw -q -Pbenchmarks -pl benchmarks package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec "$(./mvnw --java-home)/bin/java" -Djava.awt.headless=true -Dtickets.root="$PWD" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" tickets.benchmarks.BenchmarkSuite "$@"
