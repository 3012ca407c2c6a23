package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.carts.CartLine;
import tickets.carts.CatalogEntry;
import tickets.contracts.Money;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The catalog projection: concerts and ticket levels as concerts.events described them. Runs in the caller's transaction. */
@ApplicationScoped
public class Catalog {

    private static final String ENTRY = """
            select c.cancelled, l.name, l.price_minor, l.currency, l.delivery_method from catalog_level l
            join catalog_concert c on c.id = l.concert_id
            where l.concert_id = :concertId and lower(l.name) = lower(:level)""";

    public Uni<Void> upsertConcert(UUID concertId, String title) {
        return execute("""
                insert into catalog_concert (id, title) values (:id, :title)
                on conflict (id) do update set title = excluded.title""", concertId, title);
    }

    public Uni<Void> cancel(UUID concertId) {
        return execute("update catalog_concert set cancelled = true where id = :id", concertId, null);
    }

    public Uni<Void> replaceLevels(UUID concertId, List<TicketLevel> levels) {
        Uni<Void> chain = execute("delete from catalog_level where concert_id = :id", concertId, null);
        for (TicketLevel level : levels) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into catalog_level (concert_id, name, price_minor, currency, delivery_method)
                            values (:id, :name, :price, :currency, :delivery)""")
                    .setParameter("id", concertId)
                    .setParameter("name", level.name())
                    .setParameter("price", level.priceMinor())
                    .setParameter("currency", level.currency())
                    .setParameter("delivery", level.deliveryMethod().name())
                    .executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    /** The entry for one level, or null if the catalog does not know it. */
    public Uni<CatalogEntry> entry(UUID concertId, String level) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ENTRY, Object[].class)
                        .setParameter("concertId", concertId)
                        .setParameter("level", level)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new CatalogEntry(concertId, (String) rows.get(0)[1],
                        (Boolean) rows.get(0)[0], Money.of(((Number) rows.get(0)[2]).longValue(), (String) rows.get(0)[3]),
                        DeliveryMethod.valueOf((String) rows.get(0)[4])));
    }

    /** The entries for the given lines (unknown ones left out). */
    public Uni<List<CatalogEntry>> entries(List<CartLine> lines) {
        List<CatalogEntry> found = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CartLine line : lines) {
            chain = chain.chain(() -> entry(line.concertId(), line.ticketLevel()).invoke(entry -> {
                if (entry != null) {
                    found.add(entry);
                }
            }).replaceWithVoid());
        }
        return chain.replaceWith(found);
    }

    private Uni<Void> execute(String sql, UUID id, String title) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("id", id);
            if (title != null) {
                query.setParameter("title", title);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
