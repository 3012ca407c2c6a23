package tickets.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** Latencies in microseconds (HdrHistogram, 3 significant digits), printed in milliseconds. */
final class Latency {

    private final Histogram histogram = new Histogram(60_000_000L, 3);

    synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos / 1_000, histogram.getHighestTrackableValue())));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    synchronized double maxMillis() {
        return histogram.getMaxValue() / 1_000.0;
    }

    /** "p50 / p90 / p99 / max" in ms. */
    String summary() {
        return String.format(Locale.ROOT, "%s / %s / %s / %s ms", ms(percentileMillis(50)), ms(percentileMillis(90)),
                ms(percentileMillis(99)), ms(maxMillis()));
    }

    static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%,.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }
}
