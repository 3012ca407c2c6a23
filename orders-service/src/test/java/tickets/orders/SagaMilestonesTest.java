package tickets.orders;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SagaMilestonesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static Purchase.Step step(String name, long millis) {
        return new Purchase.Step(name, T0.plusMillis(millis), "");
    }

    @Test
    void each_milestone_is_measured_once_from_the_one_before_when_its_step_is_new() {
        List<Purchase.Step> steps = new ArrayList<>(List.of(step("cart confirmed", 0)));
        assertThat(SagaMilestones.reached(steps, 1)).isEmpty();

        steps.add(step("held and ordered", 120));
        assertThat(SagaMilestones.reached(steps, 1)).containsExactly(
                new SagaMilestones.Reached(SagaMilestones.Milestone.HELD, Duration.ofMillis(120)));
        steps.add(step("held and ordered", 150)); // the purchase's second order: held was reached before
        assertThat(SagaMilestones.reached(steps, 1)).isEmpty();

        steps.add(step("payment pending", 900));
        steps.add(step("payment confirmed", 1_400));
        steps.add(step("order completed", 1_500));
        steps.add(step("completed", 1_600));
        assertThat(SagaMilestones.reached(steps, 4)).containsExactly(
                new SagaMilestones.Reached(SagaMilestones.Milestone.PAID, Duration.ofMillis(1_280)),
                new SagaMilestones.Reached(SagaMilestones.Milestone.COMPLETED, Duration.ofMillis(200)));

        steps.add(step("ticket delivered online", 2_100));
        steps.add(step("ticket delivered online", 2_200));
        assertThat(SagaMilestones.reached(steps, 2)).containsExactly(
                new SagaMilestones.Reached(SagaMilestones.Milestone.DELIVERED, Duration.ofMillis(500)));
    }

    @Test
    void a_milestone_whose_predecessor_came_later_is_measured_from_the_last_one_reached_before_it() {
        // a ticket delivered before the purchase's own "completed" arrived (two topics): measured from paid
        List<Purchase.Step> steps = List.of(step("cart confirmed", 0), step("held and ordered", 100),
                step("payment confirmed", 300), step("ticket delivered online", 700), step("completed", 800));
        assertThat(SagaMilestones.reached(steps, 2)).containsExactly(
                new SagaMilestones.Reached(SagaMilestones.Milestone.COMPLETED, Duration.ofMillis(500)),
                new SagaMilestones.Reached(SagaMilestones.Milestone.DELIVERED, Duration.ofMillis(400)));
        assertThat(SagaMilestones.reached(steps.subList(0, 4), 1)).containsExactly(
                new SagaMilestones.Reached(SagaMilestones.Milestone.DELIVERED, Duration.ofMillis(400)));
    }
}
