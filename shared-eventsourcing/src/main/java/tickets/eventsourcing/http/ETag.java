package tickets.eventsourcing.http;

import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ValidationException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stream version on the wire: {@code W/"7"} is version 7. Reads return it; changes take it as {@code If-Match}. */
public record ETag(long version) {

    private static final Pattern TAG = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,18})\"\\s*$");

    public static ETag of(long version) {
        return new ETag(version);
    }

    /** The expected version an {@code If-Match} header asks for; no header (or {@code *}) means any version. */
    public static ExpectedVersion expectedFromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return ExpectedVersion.ANY;
        }
        Matcher matcher = TAG.matcher(ifMatch);
        if (!matcher.matches()) {
            throw ValidationException.field("If-Match", "must be an ETag this API returned, like W/\"3\"");
        }
        return ExpectedVersion.exactly(Long.parseLong(matcher.group(1)));
    }

    /** The header value, a weak tag: versions identify the state, not the bytes of one representation. */
    public String headerValue() {
        return "W/\"" + version + "\"";
    }

    @Override
    public String toString() {
        return headerValue();
    }
}
