package dev.resilient.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

    private final ManualTime time = new ManualTime();

    @Test
    void runsDueTasksInOrderWhenAdvanced() {
        List<String> ran = new ArrayList<>();
        time.schedule(() -> ran.add("b@20"), Duration.ofMillis(20).toNanos());
        time.schedule(() -> ran.add("a@10"), Duration.ofMillis(10).toNanos());
        time.schedule(() -> ran.add("c@20"), Duration.ofMillis(20).toNanos());

        time.advance(Duration.ofMillis(15));
        assertThat(ran).containsExactly("a@10");
        assertThat(time.pendingTasks()).isEqualTo(2);

        time.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly("a@10", "b@20", "c@20");
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void taskSeesItsOwnDueTimeAndMayScheduleMore() {
        List<Long> seen = new ArrayList<>();
        time.schedule(
                () -> {
                    seen.add(time.nanoTime());
                    time.schedule(() -> seen.add(time.nanoTime()), 5);
                },
                10);
        time.advanceNanos(100);
        assertThat(seen).containsExactly(10L, 15L);
        assertThat(time.nanoTime()).isEqualTo(100);
    }

    @Test
    void cancelledTaskDoesNotRun() {
        List<String> ran = new ArrayList<>();
        Cancellable handle = time.schedule(() -> ran.add("x"), 10);
        assertThat(handle.cancel()).isTrue();
        assertThat(handle.cancel()).isFalse();
        time.advanceNanos(20);
        assertThat(ran).isEmpty();
    }

    @Test
    void sleepAdvancesTimeAndWallClockFollows() {
        long wall = time.currentTimeMillis();
        time.sleep(Duration.ofSeconds(2).toNanos());
        assertThat(time.currentTimeMillis()).isEqualTo(wall + 2000);
    }

    @Test
    void rejectsNegativeAdvance() {
        assertThatThrownBy(() -> time.advanceNanos(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
