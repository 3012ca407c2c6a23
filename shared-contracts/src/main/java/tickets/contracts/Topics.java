package tickets.contracts;

/** One Kafka topic per bounded context; the record key is the aggregate id, so each aggregate's events stay in order. */
public final class Topics {

    public static final String CONCERTS = "concerts.events";
    public static final String CARTS = "carts.events";
    public static final String RESERVATIONS = "reservations.events";
    public static final String ORDERS = "orders.events";
    public static final String PAYMENTS = "payments.events";
    public static final String DELIVERY = "delivery.events";
    public static final String USERS = "users.events";
    public static final String FINANCE = "finance.events";

    private Topics() {
    }

    /** The topic of a context, e.g. {@code concerts} to {@code concerts.events}. */
    public static String of(String context) {
        return context + ".events";
    }
}
