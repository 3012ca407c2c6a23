package tickets.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The purchase saga's milestones, read from a purchase's steps: confirmed → held → paid → completed →
 * delivered. Each milestone reached is measured from the milestone before it that the purchase reached
 * (events from different topics may arrive out of order, so the one before may come later, then it is not measured).
 */
public final class SagaMilestones {

    public enum Milestone {
        CONFIRMED("cart confirmed"), HELD("held and ordered"), PAID("payment confirmed"), COMPLETED("completed"),
        DELIVERED("ticket delivered online", "ticket dispatched by post");

        private final List<String> steps;

        Milestone(String... steps) {
            this.steps = List.of(steps);
        }

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A milestone reached by the newest steps, and how long it took from the one before it. */
    public record Reached(Milestone milestone, Duration sincePrevious) {
    }

    private SagaMilestones() {
    }

    /**
     * The milestones first reached among the last {@code newSteps} steps (those the new events added).
     */
    public static List<Reached> reached(List<Purchase.Step> steps, int newSteps) {
        int firstNew = Math.max(0, steps.size() - newSteps);
        List<Reached> reached = new ArrayList<>();
        Milestone[] order = Milestone.values();
        for (int m = 1; m < order.length; m++) {
            int at = firstIndexOf(steps, order[m]);
            if (at < firstNew) {
                continue; // not reached, or reached before these events
            }
            Optional<Purchase.Step> previous = Optional.empty();
            for (int p = m - 1; p >= 0 && previous.isEmpty(); p--) {
                int index = firstIndexOf(steps, order[p]);
                if (index >= 0 && index < at) {
                    previous = Optional.of(steps.get(index));
                }
            }
            Purchase.Step step = steps.get(at);
            Milestone milestone = order[m];
            previous.ifPresent(before -> {
                Duration took = Duration.between(before.at(), step.at());
                reached.add(new Reached(milestone, took.isNegative() ? Duration.ZERO : took));
            });
        }
        return reached;
    }

    private static int firstIndexOf(List<Purchase.Step> steps, Milestone milestone) {
        for (int i = 0; i < steps.size(); i++) {
            if (milestone.steps.contains(steps.get(i).name())) {
                return i;
            }
        }
        return -1;
    }
}
