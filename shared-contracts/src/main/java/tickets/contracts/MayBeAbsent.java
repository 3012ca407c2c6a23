package tickets.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component of a contract record that a publisher may leave out (null), e.g. a shipping address that only
 * printed tickets need. Every other id, list and nested record of a contract is required: an event without it
 * cannot be acted on, so a consumer sets it aside as poison rather than retrying it for ever.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface MayBeAbsent {
}
