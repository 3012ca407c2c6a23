package tickets.users;

import java.net.IDN;
import java.util.regex.Pattern;

/**
 * An e-mail address as Keycloak checks it (its validator follows Hibernate Validator's): a local
 * part of at most 64 characters made of dot-separated atoms, and a domain whose labels are letters,
 * digits and inner hyphens once internationalised names are converted. Stricter in one way: the
 * domain needs a dot (no {@code user@localhost} on a ticketing platform).
 */
final class EmailAddress {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final Pattern LOCAL_PART = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]+)*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            Pattern.CASE_INSENSITIVE);

    private EmailAddress() {
    }

    static boolean isValid(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART || !LOCAL_PART.matcher(local).matches()) {
            return false;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (ascii.length() > MAX_DOMAIN || !ascii.contains(".") || ascii.endsWith(".")) {
            return false;
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
