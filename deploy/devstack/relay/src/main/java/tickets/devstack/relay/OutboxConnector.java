package tickets.devstack.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import tickets.devstack.process.OutboxConnectorSettings;
import tickets.devstack.process.OutboxPublication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays one service's outbox table to its topic. A batch's offsets are committed only after
 * Kafka acknowledged every record of it (acks=all, idempotent producer), so a crash re-sends
 * at most the unacknowledged tail: at-least-once, which the consumers' inboxes make exactly-once.
 */
final class OutboxConnector {

    private final String service;
    private final int postgresPort;
    private final Path offsetsFile;
    private final java.util.function.Supplier<KafkaProducer<String, String>> newProducer;
    private volatile KafkaProducer<String, String> producer;
    private final Runnable onFirstStart;
    private final String topic;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean announced = new AtomicBoolean();
    private final ExecutorService executor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    OutboxConnector(String service, int postgresPort, Path state, String kafkaClusterId,
                    java.util.function.Supplier<KafkaProducer<String, String>> newProducer, Runnable onFirstStart) {
        this.service = service;
        this.postgresPort = postgresPort;
        this.offsetsFile = state.resolve("offsets-" + service + "-" + kafkaClusterId + ".dat");
        this.newProducer = newProducer;
        this.onFirstStart = onFirstStart;
        this.topic = OutboxConnectorSettings.topic(service);
        this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-" + service));
    }

    void start() {
        Properties config;
        try {
            resetOffsetsIfSlotIsGone();
            preparePublication();
            config = connectorConfig();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the outbox connector for " + service, e);
        }
        // a fresh producer with each engine: one that met a fatal error is never used again
        producer = newProducer.get();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(config)
                .notifying(this::relay)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        if (announced.compareAndSet(false, true)) {
                            onFirstStart.run();
                        }
                    }
                })
                .using((success, message, error) -> restartUnlessClosing(success, message, error))
                .build();
        executor.execute(engine);
    }

    void close() {
        closing.set(true);
        try {
            if (engine != null) {
                engine.close();
            }
        } catch (IOException e) {
            e.printStackTrace();
        }
        closeProducer();
        executor.shutdown();
    }

    private void closeProducer() {
        KafkaProducer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(5));
        }
    }

    private void relay(List<RecordChangeEvent<SourceRecord>> records,
                       DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> change : records) {
            SourceRecord record = change.record();
            if (topic.equals(record.topic()) && record.value() != null) {
                acks.add(producer.send(toKafka(record)));
            }
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // Throwing stops the engine without committing this batch; it restarts and re-sends.
                throw new IllegalStateException("Kafka did not acknowledge an outbox record of " + service, e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
    }

    private ProducerRecord<String, String> toKafka(SourceRecord record) {
        ProducerRecord<String, String> out = new ProducerRecord<>(
                topic, null, String.valueOf(record.key()), String.valueOf(record.value()));
        for (Header header : record.headers()) {
            // only the contract's CloudEvents headers and the trace context; Debezium's own headers stay inside the relay
            if (header.value() != null && (header.key().startsWith("ce_") || header.key().equals("traceparent"))) {
                out.headers().add(header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void restartUnlessClosing(boolean success, String message, Throwable error) {
        if (closing.get()) {
            return;
        }
        System.err.println("outbox connector for " + service + " stopped (" + message + "); restarting in 2 s");
        if (error != null) {
            error.printStackTrace();
        }
        closeProducer();
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(2000);
                if (!closing.get()) {
                    start();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "outbox-restart-" + service);
        restart.setDaemon(true);
        restart.start();
    }

    /** The publication of the outbox table alone (shared with Debezium Connect from its image). */
    private void preparePublication() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + service, "postgres", "")) {
            OutboxPublication.prepare(connection, service);
        }
    }

    /**
     * Offsets point into one replication slot's history. When the slot no longer exists (the
     * database was recreated), they are meaningless and would stop the connector with "no longer
     * available on the server"; the connector then starts afresh on a new slot.
     */
    private void resetOffsetsIfSlotIsGone() throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + service, "postgres", "");
             PreparedStatement query = connection.prepareStatement(
                     "select 1 from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slotName());
            try (ResultSet slot = query.executeQuery()) {
                if (!slot.next() && Files.deleteIfExists(offsetsFile)) {
                    System.out.println("replication slot " + slotName() + " is new: relay offsets reset");
                }
            }
        }
    }

    private String slotName() {
        return OutboxPublication.name(service);
    }

    private Properties connectorConfig() throws IOException {
        Properties p = sharedSettings(service);
        p.setProperty("name", "outbox-" + service);
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", offsetsFile.toString());
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", Integer.toString(postgresPort));
        p.setProperty("database.user", "postgres");
        p.setProperty("database.password", "");
        p.setProperty("database.dbname", service);
        // the publication of the outbox table alone is prepared before the engine starts (preparePublication)
        p.setProperty("publication.autocreate.mode", "disabled");
        // a test run's stack trades the relay's idle latency for CPU (Devstack's relay poll interval)
        String pollInterval = System.getProperty(OutboxConnectorSettings.POLL_INTERVAL_PROPERTY, "");
        if (!pollInterval.isBlank()) {
            p.setProperty("poll.interval.ms", Integer.toString(Integer.parseInt(pollInterval.strip())));
        }
        return p;
    }

    /**
     * What is relayed and how, the same for the local relay and the Kubernetes connectors:
     * deploy/debezium/outbox-connector.properties, packaged into this module.
     */
    static Properties sharedSettings(String service) throws IOException {
        try (var in = OutboxConnector.class.getResourceAsStream("/outbox-connector.properties")) {
            if (in == null) {
                throw new IOException("outbox-connector.properties is not on the relay's class path");
            }
            Properties settings = new Properties();
            settings.putAll(OutboxConnectorSettings.forService(
                    new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1), service));
            return settings;
        }
    }
}
