package tickets.finance;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Gap-free numbers per series and calendar year, without a sequence: {@link #next} locks the
 * series' counter row and proposes the number after the last one; {@link #take} advances the row
 * to it, in the transaction that appends the document's event. Concurrent issuers wait for the
 * row lock in turn; a rollback undoes the advance, so a number is either issued or still free.
 */
@ApplicationScoped
public class DocumentNumbers {

    /** The next free number of a series in the year of {@code at}, the counter row locked until the transaction ends. */
    public Uni<InvoiceNumber> next(InvoiceNumber.Series series, Instant at) {
        int year = InvoiceNumber.yearOf(at);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into document_number_counter (series, year, last_number) values (:series, :year, 0)
                        on conflict (series, year) do nothing""")
                .setParameter("series", series.prefix()).setParameter("year", year).executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                select last_number from document_number_counter where series = :series and year = :year
                                for update""", Long.class)
                        .setParameter("series", series.prefix()).setParameter("year", year).getSingleResult())
                .map(last -> new InvoiceNumber(series, year, last + 1)));
    }

    /** Issues {@code number} (the one {@link #next} proposed) to a document of {@code invoiceId}. */
    public Uni<Void> take(String formatted, UUID invoiceId, Instant issuedAt) {
        InvoiceNumber number = parse(formatted);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update document_number_counter set last_number = :sequence
                        where series = :series and year = :year and last_number = :sequence - 1""")
                .setParameter("sequence", number.sequence()).setParameter("series", number.series().prefix())
                .setParameter("year", number.year()).executeUpdate()
                .invoke(updated -> {
                    if (updated != 1) {
                        throw new IllegalStateException(number + " is not the next free number of its series");
                    }
                })
                .chain(() -> session.createNativeQuery("""
                                insert into issued_document_number (series, year, sequence, number, invoice_id, issued_at)
                                values (:series, :year, :sequence, :number, :invoiceId, :issuedAt)""")
                        .setParameter("series", number.series().prefix()).setParameter("year", number.year())
                        .setParameter("sequence", number.sequence()).setParameter("number", number.formatted())
                        .setParameter("invoiceId", invoiceId).setParameter("issuedAt", issuedAt).executeUpdate())
                .replaceWithVoid());
    }

    static InvoiceNumber parse(String formatted) {
        String[] parts = formatted.split("-");
        InvoiceNumber.Series series = parts[0].equals(InvoiceNumber.Series.INVOICE.prefix())
                ? InvoiceNumber.Series.INVOICE : InvoiceNumber.Series.CREDIT_NOTE;
        return new InvoiceNumber(series, Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }
}
