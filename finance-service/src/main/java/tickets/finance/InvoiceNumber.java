package tickets.finance;

import tickets.eventsourcing.ValidationException;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A legal document number: its series ({@code INV} invoices, {@code CN} credit notes), the
 * calendar year (UTC) it was issued in, and its place in that series' year, counted from 1 without
 * gaps. Printed {@code INV-2026-000042}.
 */
public record InvoiceNumber(Series series, int year, long sequence) {

    public enum Series {
        INVOICE("INV"), CREDIT_NOTE("CN");

        private final String prefix;

        Series(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public InvoiceNumber {
        ValidationException.required(series, "series");
        ValidationException.require(year >= 2000 && year <= 9999, "year", "must be a four-digit year");
        ValidationException.require(sequence >= 1, "sequence", "starts at 1");
    }

    /** The calendar year (UTC) a document issued at {@code at} is numbered in. */
    public static int yearOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).getYear();
    }

    /** E.g. {@code INV-2026-000042}. */
    public String formatted() {
        return "%s-%d-%06d".formatted(series.prefix, year, sequence);
    }

    @Override
    public String toString() {
        return formatted();
    }
}
