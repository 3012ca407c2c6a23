package tickets.devstack.relay;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay runs with deploy/debezium/outbox-connector.properties, the file the Kubernetes connectors are checked against. */
class OutboxConnectorSettingsTest {

    @Test
    void the_shared_settings_are_filled_in_for_one_service() throws Exception {
        Properties settings = OutboxConnector.sharedSettings("orders");

        assertThat(settings.getProperty("connector.class")).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(settings.getProperty("slot.name")).isEqualTo("outbox_orders");
        assertThat(settings.getProperty("table.include.list")).isEqualTo("public.outbox");
        assertThat(settings.getProperty("transforms.outbox.route.topic.replacement")).isEqualTo("orders.events");
        // a regular expression over Debezium's topic name: the dots escaped once the properties file is read
        assertThat(settings.getProperty("predicates.isOutboxRow.pattern")).isEqualTo("orders\\.public\\.outbox");
        assertThat(settings.stringPropertyNames()).noneMatch(key -> settings.getProperty(key).contains("{"));
        assertThat(settings.getProperty("transforms.outbox.table.fields.additional.placement"))
                .contains("correlation_id:header:ce_correlationid").contains("traceparent:header:traceparent");
        // in Kafka Connect, the record is the payload's text as the consumers parse it (the embedded relay sends
        // the text itself): Connect's default JSON converter would send it as a quoted JSON string
        assertThat(settings.getProperty("key.converter")).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
        assertThat(settings.getProperty("value.converter")).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
    }
}
