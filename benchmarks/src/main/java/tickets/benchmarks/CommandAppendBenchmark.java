package tickets.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command path: {@code POST /api/carts} (a new cart: one event appended, one read-model row)
 * from many concurrent clients, straight to carts-service and through the gateway, beside its
 * physical floor: the same two rows inserted in one transaction per cart by plain JDBC from as
 * many connections (what {@code pgbench} would run).
 */
final class CommandAppendBenchmark {

    /** One closed-loop run: completed operations per second and their latency. */
    record Result(String name, int clients, double perSecond, Latency latency, long failures) {
    }

    private static final String INSERT_EVENT = """
            insert into events (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata)
            values (?, ?, 'ShoppingCart', 1, 'CartCreated', 1, cast(? as jsonb), cast(? as jsonb))""";
    private static final String INSERT_VIEW = """
            insert into cart_view (id, user_id, status, lines, version) values (?, null, 'OPEN', cast(? as jsonb), 1)""";

    /** One client of a closed loop: runs one operation at a time, true when it succeeded. */
    private interface Client extends AutoCloseable {
        boolean call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    CommandAppendBenchmark(Stack stack) {
        this.stack = stack;
    }

    Result http(String name, String baseUrl, int clients, Duration warmUp, Duration measured) throws Exception {
        HttpRequest create = HttpRequest.newBuilder(URI.create(baseUrl + "/api/carts"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return closedLoop(name, clients, warmUp, measured,
                () -> () -> http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode() == 201);
    }

    Result rawSql(int clients, Duration warmUp, Duration measured) throws Exception {
        return closedLoop("raw SQL: the same two rows, one transaction per cart (JDBC)", clients, warmUp, measured, () -> {
            Connection db = stack.database("carts");
            db.setAutoCommit(false);
            PreparedStatement event = db.prepareStatement(INSERT_EVENT);
            PreparedStatement view = db.prepareStatement(INSERT_VIEW);
            return new Client() {
                @Override
                public boolean call() throws Exception {
                    UUID cart = UUID.randomUUID();
                    event.setObject(1, UUID.randomUUID());
                    event.setObject(2, cart);
                    event.setString(3, "{\"cartId\":\"" + cart + "\"}");
                    event.setString(4, "{\"correlationId\":\"" + cart + "\",\"causationId\":\"" + cart + "\"}");
                    event.executeUpdate();
                    view.setObject(1, cart);
                    view.setString(2, "{\"lines\":[]}");
                    view.executeUpdate();
                    db.commit();
                    return true;
                }

                @Override
                public void close() throws Exception {
                    db.close();
                }
            };
        });
    }

    private Result closedLoop(String name, int clients, Duration warmUp, Duration measured,
                              java.util.concurrent.Callable<Client> newClient) throws Exception {
        Latency latency = new Latency();
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = newClient.call();
            Thread thread = new Thread(() -> {
                try (client) {
                    long now;
                    while ((now = System.nanoTime()) < measureUntil) {
                        boolean ok;
                        try {
                            ok = client.call();
                        } catch (Exception e) {
                            ok = false;
                        }
                        long finished = System.nanoTime();
                        if (now >= measureFrom && finished <= measureUntil) {
                            if (ok) {
                                done.incrementAndGet();
                                latency.recordNanos(finished - now);
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }, "client-" + i);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(name, clients, done.get() / (measured.toNanos() / 1e9), latency, failures.get());
    }
}
