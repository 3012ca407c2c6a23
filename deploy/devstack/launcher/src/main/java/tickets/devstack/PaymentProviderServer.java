package tickets.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sandbox payment provider (an external system in production; here its test mode as its own
 * process). {@code settleAfter}: when a payment whose request timed out settles;
 * {@code hangFor}: how long such a request is kept open.
 */
public final class PaymentProviderServer extends ProcessComponent {

    /** The sandbox's own demo secrets: for local runs and tests only. */
    public static final String API_KEY = "sk_test_tickets_sandbox";
    public static final String WEBHOOK_SECRET = "whsec_tickets_sandbox";

    private final ProjectLayout layout;
    private final int port;
    private final Path workDir;
    private final Path logDir;
    private final Duration settleAfter;
    private final Duration hangFor;

    public PaymentProviderServer(ProjectLayout layout, int port, Path workDir, Path logDir, Duration settleAfter,
                                 Duration hangFor) {
        this.layout = layout;
        this.port = port;
        this.workDir = workDir;
        this.logDir = logDir;
        this.settleAfter = settleAfter;
        this.hangFor = hangFor;
    }

    @Override
    public String name() {
        return "payment-provider";
    }

    @Override
    public void start() {
        process = ServerProcess.startJava(name(), layout.serverClasspath("payment-provider"),
                "tickets.devstack.provider.ProviderMain", List.of("-Xmx64m", "-XX:+UseSerialGC"),
                List.of(Integer.toString(port)), workDir, logDir.resolve("payment-provider.log"),
                Map.of("PROVIDER_API_KEY", API_KEY, "PROVIDER_WEBHOOK_SECRET", WEBHOOK_SECRET,
                        "PROVIDER_SETTLE_AFTER_MS", Long.toString(settleAfter.toMillis()),
                        "PROVIDER_HANG_FOR_MS", Long.toString(hangFor.toMillis())));
        process.awaitReadyLine(Duration.ofSeconds(60));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return baseUrl() + " (sandbox: test tokens pm_card_visa, pm_card_chargeDeclined, ... see README)";
    }
}
