package tickets.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The benchmarks' one percentile: nearest rank over the values measured (no interpolation). */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code percentile}-th (0–100) of {@code values}, which need not be sorted and must not be empty. */
    static double nearestRank(Collection<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
