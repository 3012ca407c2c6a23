package tickets.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one money type: minor units of an ISO 4217 currency, bounded, with checked arithmetic. */
class MoneyTest {

    @Test
    void an_amount_is_whole_minor_units_of_a_known_currency() {
        assertThat(Money.of(4_900, "EUR").amountMinor()).isEqualTo(4_900);
        assertThat(Money.zero("JPY").isZero()).isTrue();
        assertInvalid(() -> Money.of(-1, "EUR"), "amountMinor");
        assertInvalid(() -> Money.of(1, "XYZ"), "currency");
        assertInvalid(() -> Money.of(1, "eur"), "currency");
        assertInvalid(() -> Money.of(1, null), "currency");
        assertInvalid(() -> Money.of(Money.MAX_AMOUNT_MINOR + 1, "EUR"), "amountMinor");
    }

    @Test
    void sums_and_products_are_exact_refuse_to_overflow_and_never_mix_currencies() {
        assertThat(Money.of(4_900, "EUR").times(3).plus(Money.of(100, "EUR"))).isEqualTo(Money.of(14_800, "EUR"));
        assertInvalid(() -> Money.of(Money.MAX_AMOUNT_MINOR, "EUR").plus(Money.of(1, "EUR")), "amountMinor");
        assertInvalid(() -> Money.of(4_611_686_018_427L, "EUR").times(Integer.MAX_VALUE), "amountMinor");
        assertInvalid(() -> Money.of(1, "EUR").plus(Money.of(1, "CHF")), "currency");
        assertInvalid(() -> Money.of(1, "EUR").times(-2), "quantity");
    }

    private static void assertInvalid(Runnable construction, String field) {
        assertThatThrownBy(construction::run).isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).field()).isEqualTo(field));
    }
}
