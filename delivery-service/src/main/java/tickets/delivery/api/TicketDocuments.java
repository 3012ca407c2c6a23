package tickets.delivery.api;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import tickets.delivery.projections.ConcertInfo;
import tickets.delivery.projections.TicketView;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** A ticket as a PNG of its QR code, and as a one-page PDF with the QR and what it admits (ZXing, PDFBox). */
public final class TicketDocuments {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private TicketDocuments() {
    }

    public static BufferedImage qr(String code, int size) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(code, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            return MatrixToImageWriter.toBufferedImage(matrix);
        } catch (WriterException e) {
            throw new IllegalStateException("a ticket code does not fit a QR code", e);
        }
    }

    public static byte[] qrPng(String code) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(qr(code, 400), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    public static byte[] pdf(TicketView ticket, ConcertInfo.Printed concert) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A5);
            document.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDImageXObject image = LosslessFactory.createFromImage(document, qr(ticket.code, 300));
            float top = page.getMediaBox().getHeight() - 50;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                text(content, bold, 18, 40, top, concert == null ? "Concert " + ticket.concertId : concert.title());
                float y = top - 24;
                if (concert != null && concert.venue() != null) {
                    text(content, regular, 12, 40, y, concert.venue());
                    y -= 16;
                }
                if (concert != null && concert.startsAt() != null) {
                    text(content, regular, 12, 40, y, WHEN.format(concert.startsAt()));
                    y -= 16;
                }
                text(content, bold, 14, 40, y - 8, ticket.ticketLevel);
                content.drawImage(image, 60, y - 330, 300, 300);
                text(content, regular, 8, 40, 60, "Ticket " + ticket.id);
                text(content, regular, 8, 40, 48, "Admits one person once. Verified at the door; a copy is refused.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(printable(font, text));
        content.endText();
    }

    /** What the standard font cannot draw (it knows WinAnsi only) becomes '?', rather than failing the download. */
    private static String printable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IllegalArgumentException | IOException e) {
                out.append('?');
            }
        });
        return out.toString();
    }
}
