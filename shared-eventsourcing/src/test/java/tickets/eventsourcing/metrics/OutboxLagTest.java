package tickets.eventsourcing.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox lag from WAL-position samples and the relay slot's confirmed position (no server needed). */
class OutboxLagTest {

    @Test
    void the_lag_is_the_age_of_the_first_write_past_what_the_relay_confirmed() {
        OutboxLag lag = new OutboxLag();
        lag.update(0, 1_000, null);
        assertThat(lag.lagSeconds()).as("no slot yet").isNaN();

        lag.update(5_000, 1_000, 1_000L);
        assertThat(lag.lagSeconds()).as("everything confirmed").isZero();
        assertThat(lag.slotLagBytes()).isZero();

        lag.update(10_000, 4_000, 1_000L); // rows written, the relay stuck at 1,000
        lag.update(15_000, 9_000, 1_000L);
        lag.update(20_000, 9_500, 1_000L);
        assertThat(lag.lagSeconds()).as("first seen past 1,000 at 10 s, now 20 s").isEqualTo(10.0);
        assertThat(lag.slotLagBytes()).isEqualTo(8_500);

        lag.update(25_000, 9_600, 9_000L); // the relay caught up to what was written by 15 s
        assertThat(lag.lagSeconds()).isEqualTo(5.0);
        lag.update(30_000, 9_600, 9_600L);
        assertThat(lag.lagSeconds()).isZero();
    }
}
