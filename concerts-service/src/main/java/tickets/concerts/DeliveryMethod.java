package tickets.concerts;

/** How a ticket level's tickets reach the customer. */
public enum DeliveryMethod {
    ONLINE,
    PRINTED
}
