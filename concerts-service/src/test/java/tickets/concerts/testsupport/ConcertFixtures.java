package tickets.concerts.testsupport;

/** Request bodies for the concerts API. */
public final class ConcertFixtures {

    private ConcertFixtures() {
    }

    public static String level(String name, int capacity, long priceMinor, String delivery) {
        return """
                {"name":"%s","capacity":%d,"priceMinor":%d,"currency":"EUR","deliveryMethod":"%s"}"""
                .formatted(name, capacity, priceMinor, delivery);
    }

    public static String concert(String title, String... levels) {
        return """
                {"title":"%s","artist":"The Testers","venue":"Main Hall","startsAt":"2030-06-01T19:30:00Z",
                 "ticketLevels":[%s]}""".formatted(title, String.join(",", levels));
    }

    public static String concert(String title) {
        return concert(title, level("Regular", 100, 4500, "ONLINE"), level("Golden Circle", 20, 12000, "PRINTED"));
    }
}
