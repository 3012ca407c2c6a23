package tickets.benchmarks;

import tickets.devstack.CpuUse;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmarks/run.sh}: every figure of the platform side by side with its physical baseline
 * measured in the same run, printed and written to {@code docs/benchmarks.md} (the section between
 * the suite's markers) with a plot in {@code docs/benchmarks/}. Not a test: nothing here passes or
 * fails on a number, but a run whose outcome is wrong (oversold, a cart lost or decided twice)
 * says so loudly and exits non-zero.
 */
public final class BenchmarkSuite {

    static final String BEGIN = "<!-- benchmark-suite:begin (written by benchmarks/run.sh; edits here are overwritten) -->";
    static final String END = "<!-- benchmark-suite:end -->";

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("tickets.root", ".")).toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        boolean allCorrect = true;
        long began = System.nanoTime();
        if (List.of(args).contains("--flash-sale-only")) {
            flashSaleOnly(root);
            return;
        }
        if (List.of(args).contains("--purchases-only")) {
            // the purchase benchmark ran just before (benchmarks/run.sh): its tables and the backlog's plot
            purchaseLoadLines(root).forEach(System.out::println);
            System.exit(0);
        }
        if (List.of(args).contains("--outbox-only")) {
            outboxOnly();
            System.exit(0);
        }
        if (List.of(args).contains("--commands-only")) {
            try (Stack stack = Stack.start()) {
                commandLines(commandAppend(stack)).forEach(System.out::println);
            }
            System.exit(0);
        }
        try (Stack stack = Stack.start()) {
            System.out.printf("servers up after %.0f s%n", (System.nanoTime() - began) / 1e9);
            var raw = new RawSqlBaseline(stack);
            double rawSingle = raw.decisionsPerSecond(2_000, 1);
            double rawBatched = raw.decisionsPerSecond(20_000, 500);
            System.out.printf("raw SQL: %.0f decisions/s one per transaction, %.0f decisions/s 500 per transaction%n",
                    rawSingle, rawBatched);
            // fresh JVMs (broker, relay, this client): the first few thousand records run in the interpreter
            new KafkaRoundTrip(stack).measure(5_000, 1_000); // warm-up
            Latency kafka = new KafkaRoundTrip(stack).measure(3_000, 1_000);
            System.out.println("Kafka round trip at 1,000/s: " + kafka.summary());

            var relay = new OutboxRelayBenchmark(stack);
            relay.steady(5_000, 1_000); // warm-up
            List<OutboxRelayBenchmark.Steady> steady = new ArrayList<>();
            for (int perSecond : new int[] {100, 1_000}) {
                steady.add(relay.steady(perSecond * 5, perSecond));
                System.out.println("outbox commit → Kafka at " + perSecond + "/s: " + steady.getLast().latency().summary());
            }
            OutboxRelayBenchmark.Burst burst = relay.burst(20_000);
            System.out.printf(Locale.ROOT, "outbox burst of %,d rows: first after %.0f ms, last after %.0f ms, %,.0f records/s%n",
                    burst.rows(), burst.firstAfterMillis(), burst.lastAfterMillis(), burst.recordsPerSecond());

            List<CommandAppendBenchmark.Result> commands = commandAppend(stack);

            var flashSale = new FlashSale(stack);
            // the servers were just started: their JIT needs a few thousand decisions before it is warm
            for (int i = 0; i < 3; i++) {
                report(flashSale.run("warm-up (not reported)", 5_000, 1, 5_000, 0));
            }
            List<FlashSale.Result> sales = new ArrayList<>();
            sales.add(report(flashSale.run("5,000 buyers, 1,000 tickets of one level, all at once", 5_000, 1, 1_000, 0)));
            sales.add(report(flashSale.run("5,000 buyers, 1,000 tickets over 50 levels, all at once", 5_000, 50, 20, 0)));
            List<FlashSale.Result> sweep = new ArrayList<>();
            for (int offered : new int[] {250, 500, 1_000, 2_000, 4_000}) {
                int buyers = Math.max(1_500, offered * 4);
                sweep.add(report(flashSale.run("offered " + offered + "/s", buyers, 1, buyers / 2, offered)));
            }
            sweep.add(report(flashSale.run("all at once", 16_000, 1, 8_000, 0)));
            for (FlashSale.Result result : sales) {
                allCorrect &= result.correct();
            }
            for (FlashSale.Result result : sweep) {
                allCorrect &= result.correct();
            }

            lines.add(BEGIN);
            lines.add("## Benchmark suite (" + LocalDate.now() + ")");
            lines.add("");
            lines.add("Machine: " + machine() + ". Command: `benchmarks/run.sh` (starts its own PostgreSQL, Kafka, outbox");
            lines.add("relay, Keycloak and reservations-service on free ports; a running `./platform.sh` is left alone).");
            lines.add("");
            lines.add("### Baselines, measured in the same run");
            lines.add("");
            lines.add("| baseline | figure |");
            lines.add("|---|---|");
            lines.add(String.format(Locale.ROOT, "| raw SQL, the rows of one decision, 1 per transaction (JDBC, one connection) | %,.0f decisions/s |", rawSingle));
            lines.add(String.format(Locale.ROOT, "| raw SQL, the same rows, 500 decisions per transaction (multi-row) | %,.0f decisions/s |", rawBatched));
            lines.add("| Kafka producer → consumer, 1,000 records/s, p50 / p90 / p99 / max | " + kafka.summary() + " |");
            lines.add("");
            lines.add("### Outbox relay: commit → record on Kafka");
            lines.add("");
            lines.add("Rows committed into reservations' `outbox` by plain JDBC, one per transaction at a steady rate (a type");
            lines.add("no consumer knows); latency = the commit's return → the record's arrival on `reservations.events`.");
            lines.add("");
            lines.add("| rows/s | p50 / p90 / p99 / max | p50 vs Kafka round trip |");
            lines.add("|---|---|---|");
            for (OutboxRelayBenchmark.Steady s : steady) {
                lines.add(String.format(Locale.ROOT, "| %,d | %s | %.1f× |", s.perSecond(), s.latency().summary(),
                        s.latency().percentileMillis(50) / kafka.percentileMillis(50)));
            }
            lines.add(String.format(Locale.ROOT, "| %,d rows in one transaction | first record %s ms after the commit, last %s ms; %,.0f records/s | |",
                    burst.rows(), Latency.ms(burst.firstAfterMillis()), Latency.ms(burst.lastAfterMillis()), burst.recordsPerSecond()));
            lines.add("");
            lines.addAll(commandLines(commands));
            lines.add("### Flash sale: confirmed carts → reservation decisions");
            lines.add("");
            lines.add("Carts of one ticket each are injected onto `carts.events`; decisions/s runs from the first cart sent");
            lines.add("to the last one decided in the database. Latency: cart sent → its decision on `reservations.events`");
            lines.add("(through the outbox relay), HdrHistogram. Outcome checked per run: held = min(buyers, tickets) =");
            lines.add("tickets taken in the ledger (never oversold), every cart decided exactly once in the database and");
            lines.add("on Kafka.");
            lines.add("");
            lines.add("| scenario | offered carts/s | decisions/s | vs raw SQL batched | latency p50 / p90 / p99 / max | held / rejected | oversold | lost | doubled |");
            lines.add("|---|---|---|---|---|---|---|---|---|");
            List<FlashSale.Result> all = new ArrayList<>(sales);
            all.addAll(sweep);
            for (FlashSale.Result r : all) {
                lines.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.0f%% | %s | %,d / %,d | %d | %d | %d |", r.name(),
                        r.offeredPerSecond() == 0 ? "all at once" : String.format(Locale.ROOT, "%,d", r.offeredPerSecond()),
                        r.decisionsPerSecond(), 100 * r.decisionsPerSecond() / rawBatched, r.latency().summary(), r.held(),
                        r.rejected(), Math.max(0, r.reserved() - Math.min(r.buyers(), r.tickets())), r.cartsUndecided(),
                        r.cartsDecidedTwice()));
            }
            lines.add("");
            lines.add("Where the CPU went (each process's CPU time from the kernel, from the first cart sent until the last");
            lines.add("decision was on Kafka, divided by the carts, in ms; the two cores are shared by all):");
            lines.add("");
            for (FlashSale.Result r : sales) {
                lines.add("- " + r.name() + ": " + r.cpu().perUnit(r.buyers(), "decision") + ".");
            }
            lines.add("");
            Path plot = root.resolve("docs/benchmarks/flash-sale.png");
            plot(sweep, plot);
            lines.add("![decisions/s and decision latency against offered load](benchmarks/flash-sale.png)");
            lines.add("");
            lines.addAll(purchaseLoadLines(root));
            lines.add(END);
        }
        writeSection(root.resolve("docs/benchmarks.md"), lines);
        lines.forEach(System.out::println);
        System.out.printf("%nbenchmark suite done in %.0f s%n", (System.nanoTime() - began) / 1e9);
        if (!allCorrect) {
            System.out.println("A RUN'S OUTCOME WAS WRONG: see the table above");
            System.exit(1);
        }
        System.exit(0);
    }

    /** Creating carts from 32 clients: raw SQL, straight to carts-service, through the gateway. */
    private static List<CommandAppendBenchmark.Result> commandAppend(Stack stack) throws Exception {
        var commands = new CommandAppendBenchmark(stack);
        java.time.Duration warmUp = java.time.Duration.ofSeconds(10);
        java.time.Duration measured = java.time.Duration.ofSeconds(15);
        int clients = 32;
        // carts-service's JIT first: its warm-up is longer than the others'
        commands.http("warm-up", stack.carts.baseUrl(), clients, java.time.Duration.ofSeconds(20), warmUp);
        List<CommandAppendBenchmark.Result> results = new ArrayList<>();
        results.add(commands.rawSql(clients, warmUp, measured));
        results.add(commands.http("POST /api/carts straight to carts-service", stack.carts.baseUrl(), clients, warmUp, measured));
        results.add(commands.http("POST /api/carts through the nginx gateway", stack.gatewayUrl, clients, warmUp, measured));
        results.forEach(r -> System.out.printf(Locale.ROOT, "%s: %,.0f/s, %s, %d failed%n", r.name(), r.perSecond(),
                r.latency().summary(), r.failures()));
        return results;
    }

    private static List<String> commandLines(List<CommandAppendBenchmark.Result> results) {
        double raw = results.getFirst().perSecond();
        List<String> lines = new ArrayList<>();
        lines.add("### Command path: creating carts");
        lines.add("");
        lines.add("A closed loop of " + results.getFirst().clients() + " clients, each sending its next request when the last");
        lines.add("was answered (10 s warm-up, 15 s measured). A new cart appends one event and writes one read-model");
        lines.add("row in one transaction; the baseline inserts the same two rows per transaction by plain JDBC from");
        lines.add("as many connections.");
        lines.add("");
        lines.add("| workload | per second | vs raw SQL | latency p50 / p90 / p99 / max | failed |");
        lines.add("|---|---|---|---|---|");
        for (CommandAppendBenchmark.Result r : results) {
            lines.add(String.format(Locale.ROOT, "| %s | %,.0f | %.0f%% | %s | %d |", r.name(), r.perSecond(),
                    100 * r.perSecond() / raw, r.latency().summary(), r.failures()));
        }
        lines.add("");
        return lines;
    }

    /**
     * {@code --outbox-only}: the Kafka round trip and the relay's commit → record latency, three times each
     * (writes no document), to tune the relay and the broker against their floor.
     */
    private static void outboxOnly() throws Exception {
        try (Stack stack = Stack.start()) {
            new KafkaRoundTrip(stack).measure(5_000, 1_000); // warm-up
            var relay = new OutboxRelayBenchmark(stack);
            relay.steady(5_000, 1_000); // warm-up
            for (int round = 1; round <= 3; round++) {
                System.out.println("round " + round + ": Kafka round trip at 1,000/s: "
                        + new KafkaRoundTrip(stack).measure(3_000, 1_000).summary());
                for (int perSecond : new int[] {100, 1_000}) {
                    System.out.println("round " + round + ": outbox commit → Kafka at " + perSecond + "/s: "
                            + relay.steady(perSecond * 5, perSecond).latency().summary());
                }
            }
        }
    }

    /**
     * {@code --flash-sale-only}: the one-level flash sale alone (writes no document), to find what
     * limits it: the service logs each batch's timing (DEBUG), every run prints the CPU of each
     * component per decision, and with {@code -Dtickets.benchmarks.jfr=true} the service and the
     * relay record a JFR profile of the measured runs (benchmarks/target/profile).
     * {@code -Dtickets.benchmarks.slow-statements=true} also logs PostgreSQL statements slower than 5 ms.
     */
    private static void flashSaleOnly(Path root) throws Exception {
        Path out = root.resolve("benchmarks/target/profile");
        java.nio.file.Files.createDirectories(out);
        java.util.Map<String, String> environment = new java.util.HashMap<>(java.util.Map.of(
                "QUARKUS_LOG_CATEGORY__TICKETS__LEVEL", "DEBUG",
                "TICKETS_RESERVATIONS_BATCH_SIZE", System.getProperty("tickets.benchmarks.batch-size", "2000")));
        // an experiment's settings for the service, e.g. -Dtickets.benchmarks.service-env=NAME=value,NAME=value
        for (String setting : System.getProperty("tickets.benchmarks.service-env", "").split(",")) {
            if (setting.contains("=")) {
                environment.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        try (Stack stack = Stack.start(environment)) {
            if (Boolean.getBoolean("tickets.benchmarks.slow-statements")) {
                try (var db = stack.database("reservations"); var sql = db.createStatement()) {
                    sql.execute("alter system set log_min_duration_statement = 5");
                    sql.execute("select pg_reload_conf()");
                }
            }
            try {
                var flashSale = new FlashSale(stack);
                for (int i = 0; i < 4; i++) {
                    report(flashSale.run("warm-up " + (i + 1), 5_000, 1, 5_000, 0));
                }
                boolean jfr = Boolean.getBoolean("tickets.benchmarks.jfr");
                if (jfr) {
                    profiled("JFR.start", out);
                }
                for (int i = 0; i < 3; i++) {
                    report(flashSale.run("5,000 buyers, 1,000 tickets of one level, all at once", 5_000, 1, 1_000, 0));
                }
                if (jfr) {
                    profiled("JFR.stop", out);
                }
            } catch (IllegalStateException stuck) {
                diagnose(stack, out);
                throw stuck;
            } finally {
                stack.keepLogs(out);
            }
        }
        System.exit(0);
    }

    /** Starts or stops (and writes) a JFR recording in reservations-service and the outbox relay. */
    private static void profiled(String command, Path out) {
        ProcessHandle.allProcesses().forEach(p -> {
            String commandLine = p.info().commandLine().orElse("");
            String name = commandLine.contains("reservations-service") ? "reservations"
                    : commandLine.contains("devstack/relay/") ? "relay" : null;
            if (name == null || !p.info().command().orElse("").endsWith("/java")) {
                return;
            }
            List<String> jcmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), command, "name=sale"));
            if (command.equals("JFR.start")) {
                jcmd.add("settings=profile");
            } else {
                jcmd.add("filename=" + out.resolve(name + ".jfr"));
            }
            try {
                new ProcessBuilder(jcmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
            } catch (Exception e) {
                System.out.println("no JFR for " + name + ": " + e);
            }
        });
    }

    /** What the database and the service were doing when a run stopped making progress. */
    private static void diagnose(Stack stack, Path out) {
        try (var db = stack.database("reservations"); var sql = db.createStatement();
             var rows = sql.executeQuery("""
                     select pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 200)
                     from pg_stat_activity where datname = 'reservations' and pid <> pg_backend_pid()""")) {
            List<String> activity = new ArrayList<>();
            while (rows.next()) {
                activity.add(rows.getString(1) + " | " + rows.getString(2) + " | " + rows.getString(3) + " | "
                        + rows.getString(4) + " | " + rows.getString(5) + " | " + rows.getString(6));
            }
            Files.write(out.resolve("pg_stat_activity.txt"), activity);
        } catch (Exception e) {
            System.out.println("no database diagnosis: " + e);
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("reservations-service"))
                .forEach(p -> {
                    try {
                        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                Long.toString(p.pid()), "Thread.print")
                                .redirectOutput(out.resolve("threads-" + p.pid() + ".txt").toFile()).start().waitFor();
                    } catch (Exception e) {
                        System.out.println("no thread dump: " + e);
                    }
                });
    }

    /**
     * The purchase under offered load, measured by platform-tests' PurchaseLoadBenchmark (it needs every
     * service, Keycloak and the shop's helpers; benchmarks/run.sh runs it just before this suite).
     */
    private static List<String> purchaseLoadLines(Path root) throws java.io.IOException {
        Path table = root.resolve("platform-tests/target/benchmarks/purchase-load.md");
        List<String> lines = new ArrayList<>();
        lines.add("### The whole purchase under offered load");
        lines.add("");
        if (!Files.exists(table)) {
            lines.add("Not measured in this run (`PurchaseLoadBenchmark` wrote no table).");
            lines.add("");
            return lines;
        }
        lines.add("All eight services as processes behind the nginx gateway, Keycloak, the sandbox provider, the full JIT");
        lines.add("and the production hold (10 minutes); `PurchaseLoadBenchmark` (platform-tests), run by `benchmarks/run.sh`.");
        lines.add("Purchases start at the offered rate whether or not earlier ones are done (open loop), each by one of 200");
        lines.add("registered customers who is free (one purchase in flight per customer): ConfirmCart, pay with");
        lines.add("`pm_card_visa` once the order is on Kafka, done when the ticket is delivered (`OnlineTicketDelivered`).");
        lines.add("After a 15 s warm-up at 2/s. \"No free customer\": every customer still had a purchase in flight.");
        lines.add("");
        lines.addAll(Files.readAllLines(table));
        lines.add("");
        addTableIfWritten(lines, table.resolveSibling("purchase-closed-loop.md"),
                "Before the open loop, a closed loop (60 s): 16 customers, each filling a cart of one ticket, confirming,",
                "paying and starting the next purchase once the last one ended.");
        addTableIfWritten(lines, table.resolveSibling("purchase-cpu.md"),
                "Where the CPU went (each process's CPU time from the kernel, divided by the purchases delivered, in ms):");
        Path backlog = table.resolveSibling("purchase-backlog.csv");
        if (Files.exists(backlog)) {
            try {
                plotBacklog(Files.readAllLines(backlog), root.resolve("docs/benchmarks/purchase-backlog.png"));
                lines.add("![records not yet consumed, over the benchmark's time](benchmarks/purchase-backlog.png)");
                lines.add("");
            } catch (Exception e) {
                System.out.println("no backlog plot: " + e);
            }
        }
        return lines;
    }

    /** A file the purchase benchmark wrote (a table or a list), after its introduction; nothing if it wrote none. */
    private static void addTableIfWritten(List<String> lines, Path file, String... introduction) throws java.io.IOException {
        if (Files.exists(file)) {
            lines.addAll(List.of(introduction));
            lines.add("");
            lines.addAll(Files.readAllLines(file));
            lines.add("");
        }
    }

    /**
     * The backlog over time: every consumer group's records not yet consumed, summed per sample, one series per phase
     * of the benchmark (the closed loop, each offered rate with the drain after it), and the largest group alone.
     */
    private static void plotBacklog(List<String> csv, Path file) throws Exception {
        record Sample(double seconds, String phase, String group, long lag) {
        }
        List<Sample> samples = csv.stream().map(line -> line.split(",")).filter(f -> f.length == 4)
                .map(f -> new Sample(Double.parseDouble(f[0]), f[1], f[2], Long.parseLong(f[3]))).toList();
        // one sampling round = every group, written with the round's time
        java.util.TreeMap<Double, java.util.Map<String, Long>> rounds = new java.util.TreeMap<>();
        java.util.Map<Double, String> phaseOf = new java.util.HashMap<>();
        for (Sample sample : samples) {
            rounds.computeIfAbsent(sample.seconds(), k -> new java.util.HashMap<>()).merge(sample.group(), sample.lag(), Math::max);
            phaseOf.putIfAbsent(sample.seconds(), sample.phase());
        }
        XYChart chart = new XYChartBuilder().width(1000).height(420).title("Purchase benchmark: backlog over time")
                .xAxisTitle("s since the benchmark began").yAxisTitle("records not yet consumed, all consumer groups").build();
        java.util.LinkedHashMap<String, List<double[]>> byPhase = new java.util.LinkedHashMap<>();
        for (var round : rounds.entrySet()) {
            long total = round.getValue().values().stream().mapToLong(Long::longValue).sum();
            byPhase.computeIfAbsent(phaseOf.get(round.getKey()), k -> new ArrayList<>())
                    .add(new double[] {round.getKey(), total});
        }
        for (var phase : byPhase.entrySet()) {
            chart.addSeries(phase.getKey(), phase.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                    phase.getValue().stream().mapToDouble(p -> p[1]).toArray());
        }
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static FlashSale.Result report(FlashSale.Result r) {
        System.out.printf(Locale.ROOT, "flash sale %-60s %,8.0f decisions/s  latency %s  held %d rejected %d reserved %d"
                        + " on Kafka %d twice %d undecided %d%s%n", r.name(), r.decisionsPerSecond(), r.latency().summary(),
                r.held(), r.rejected(), r.reserved(), r.decisionsOnKafka(), r.cartsDecidedTwice(), r.cartsUndecided(),
                r.correct() ? "" : "  WRONG OUTCOME");
        System.out.println("    CPU while deciding: " + r.cpu().perUnit(r.buyers(), "decision"));
        return r;
    }

    private static void plot(List<FlashSale.Result> sweep, Path file) throws Exception {
        List<FlashSale.Result> paced = sweep.stream().filter(r -> r.offeredPerSecond() > 0).toList();
        double[] offered = paced.stream().mapToDouble(FlashSale.Result::offeredPerSecond).toArray();
        XYChart throughput = new XYChartBuilder().width(640).height(420).title("Reservation decisions against offered load")
                .xAxisTitle("offered confirmed carts/s").yAxisTitle("decisions/s").build();
        throughput.addSeries("decided", offered, paced.stream().mapToDouble(FlashSale.Result::decisionsPerSecond).toArray());
        throughput.addSeries("offered", offered, offered);
        XYChart latency = new XYChartBuilder().width(640).height(420).title("Decision latency (cart sent → decision on Kafka)")
                .xAxisTitle("offered confirmed carts/s").yAxisTitle("ms").build();
        latency.addSeries("p50", offered, paced.stream().mapToDouble(r -> r.latency().percentileMillis(50)).toArray());
        latency.addSeries("p99", offered, paced.stream().mapToDouble(r -> r.latency().percentileMillis(99)).toArray());
        Files.createDirectories(file.getParent());
        String withoutExtension = file.toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(List.of(throughput, latency), 1, 2, withoutExtension, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Replaces the suite's section of the document (or puts it first, after the title). */
    static void writeSection(Path document, List<String> section) throws Exception {
        String text = Files.exists(document) ? Files.readString(document) : "# Benchmarks\n";
        String block = String.join("\n", section) + "\n";
        int begin = text.indexOf(BEGIN.substring(0, 30));
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + block + text.substring(end + END.length()).replaceFirst("^\n", "");
        } else {
            int afterTitle = text.indexOf('\n') + 1;
            text = text.substring(0, afterTitle) + "\n" + block + text.substring(afterTitle);
        }
        Files.writeString(document, text);
    }

    private static String machine() {
        long memoryKiB = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryKiB = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // not Linux: the memory stays unknown
        }
        return String.format(Locale.ROOT, "%d cores, %.0f GiB, Java %s, %s", Runtime.getRuntime().availableProcessors(),
                memoryKiB / 1024.0 / 1024.0, Runtime.version(), System.getProperty("os.name"));
    }
}
