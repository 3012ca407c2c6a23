package tickets.finance.api;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import tickets.finance.projections.InvoiceView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An invoice as a one-page A4 PDF (PDFBox): number, dates, lines, totals, status and credit notes. */
public final class InvoiceDocuments {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private InvoiceDocuments() {
    }

    public static byte[] pdf(InvoiceView invoice) {
        List<String> text = new ArrayList<>();
        text.add("Issued " + DAY.format(invoice.issuedAt) + "    Purchase " + invoice.id);
        text.add("Customer " + invoice.userId + "    Payment " + invoice.paymentId);
        text.add("");
        text.add(String.format(Locale.ROOT, "%-38s %-18s %5s %12s %12s", "Concert", "Level", "Qty", "Unit", "Total"));
        for (InvoiceView.Line line : invoice.document.lines()) {
            text.add(String.format(Locale.ROOT, "%-38s %-18.18s %5d %12s %12s", line.concertId(), line.ticketLevel(),
                    line.quantity(), money(line.unitPriceMinor(), invoice.currency),
                    money(line.lineTotalMinor(), invoice.currency)));
        }
        text.add("");
        text.add(String.format(Locale.ROOT, "%75s %12s", "Total", money(invoice.totalMinor, invoice.currency)));
        text.add("");
        text.add(switch (invoice.status) {
            case "PAID" -> "PAID " + DAY.format(invoice.paidAt) + " (provider reference " + invoice.providerReference + ")";
            case "VOID" -> "VOID: the payment failed (" + invoice.voidReason + "); nothing is owed";
            default -> "Payment pending";
        });
        for (InvoiceView.CreditNote note : invoice.document.creditNotes()) {
            text.add("Credit note " + note.number() + " of " + DAY.format(note.issuedAt()) + ": "
                    + money(note.amountMinor(), invoice.currency) + " refunded (order " + note.orderId() + ")");
        }
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(bold, 18);
                content.newLineAtOffset(40, 790);
                content.showText("Invoice " + invoice.number);
                content.setFont(mono, 8);
                content.setLeading(12);
                content.newLine();
                content.newLine();
                for (String line : text) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In major units with the currency's own number of decimals, e.g. {@code 49.00 EUR}. */
    private static String money(long minor, String currency) {
        int digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        return java.math.BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }
}
