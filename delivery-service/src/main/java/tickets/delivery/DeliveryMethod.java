package tickets.delivery;

/** How a ticket reaches its holder: the ticket level's, as the concert says (never the client's). */
public enum DeliveryMethod { ONLINE, PRINTED }
