package tickets.contracts.finance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the Finance context publishes on {@code finance.events}: one invoice per purchase (its id
 * is the purchase's), numbered without gaps, never changed once issued (paid, voided and credited
 * are new events), and each customer's financial record. Amounts in minor units.
 */
public sealed interface FinanceIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID userId();

    /** What happened to an issued invoice. */
    enum InvoiceChange { PAID, VOIDED, CREDITED }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InvoiceCreated(UUID invoiceId, UUID purchaseId, UUID paymentId, UUID userId, String number,
                          long totalMinor, String currency, Instant issuedAt) implements FinanceIntegrationEvent {
    }

    /**
     * {@code amountMinor}: what was paid ({@code PAID}) or credited ({@code CREDITED}, with the
     * credit note's own number); 0 for {@code VOIDED}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InvoiceUpdated(UUID invoiceId, UUID purchaseId, UUID userId, String number, InvoiceChange change,
                          long amountMinor, String currency, String creditNoteNumber, Instant at)
            implements FinanceIntegrationEvent {
    }

    /** A customer's totals in one currency. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CurrencyTotals(String currency, long ongoingMinor, int ongoingCount, long completedMinor, int completedCount,
                          long refundedMinor, int refundedCount, int failedCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserFinancialInfoCreated(UUID userId, Instant at) implements FinanceIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserFinancialInfoUpdated(UUID userId, List<CurrencyTotals> totals, Instant at)
            implements FinanceIntegrationEvent {
    }
}
