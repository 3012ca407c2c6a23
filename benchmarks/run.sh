#!/usr/bin/env bash
# The benchmark suite (not part of ./mvnw verify): builds the platform, then starts its own servers
# on free ports, runs every scenario beside its physical baseline and writes docs/benchmarks.md
# (its generated section) and docs/benchmarks/*.png. About 15 minutes on 2 cores; --flash-sale-only,
# --commands-only, --outbox-only and --purchases-only run one scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q install -DskipTests
./mvnw -q -Pbenchmarks -pl benchmarks package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
if [ $# -eq 0 ] || [ "$1" = "--purchases-only" ]; then
    # the purchase under offered load needs every service and the shop's test helpers: platform-tests runs it, and
    # the suite below copies its table into docs/benchmarks.md
    rm -f platform-tests/target/benchmarks/purchase-*
    ./mvnw -q verify -pl platform-tests -Dtickets.excludedGroups= -Dtickets.test.jvm= -Dtest=PurchaseLoadBenchmark \
        -Dsurefire.failIfNoSpecifiedTests=false || echo "the purchase load benchmark failed; the suite goes on without it"
    if [ "${1:-}" = "--purchases-only" ]; then
        exec "$(./mvnw --java-home)/bin/java" -Djava.awt.headless=true -Dtickets.root="$PWD" \
            -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" tickets.benchmarks.BenchmarkSuite --purchases-only
    fi
fi
# BENCHMARK_JAVA_OPTS: the suite's own settings, e.g. -Dtickets.benchmarks.jfr=true (see BenchmarkSuite)
exec "$(./mvnw --java-home)/bin/java" ${BENCHMARK_JAVA_OPTS:-} -Djava.awt.headless=true -Dtickets.root="$PWD" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" tickets.benchmarks.BenchmarkSuite "$@"
