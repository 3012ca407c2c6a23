package tickets.devstack.process;

import java.io.IOException;
import java.io.Reader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * deploy/debezium/outbox-connector.properties, what is relayed and how, filled in for one service: for the embedded
 * relay (which packages the file) and Debezium Connect from its image (which reads it from the checkout).
 */
public final class OutboxConnectorSettings {

    /**
     * The relay process's system property that overrides every connector's poll.interval.ms (a test run's stack trades
     * the relay's idle latency for CPU); set by the launcher, read by the relay.
     */
    public static final String POLL_INTERVAL_PROPERTY = "tickets.relay.poll-interval-ms";

    private OutboxConnectorSettings() {
    }

    /** The template's settings with {service} as the service's name (its database) and {topic} as its events topic. */
    public static Map<String, String> forService(Reader template, String service) throws IOException {
        Properties read = new Properties();
        read.load(template);
        Map<String, String> settings = new TreeMap<>();
        read.stringPropertyNames().forEach(key -> settings.put(key, read.getProperty(key)
                .replace("{service}", service).replace("{topic}", topic(service))));
        return settings;
    }

    /** A service's events topic: where its outbox is relayed. */
    public static String topic(String service) {
        return service + ".events";
    }
}
