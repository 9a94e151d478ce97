package dev.resilient.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceEventTest {

    @Test
    void builderFillsEveryFieldAndToStringNamesThem() {
        IOException failure = new IOException("down");
        Object[] args = {"a"};
        ResilienceEvent event = ResilienceEvent.builder(EventType.RETRY, "orders", 42)
                .source("retry")
                .attempt(2)
                .elapsedNanos(3_000_000)
                .delay(Duration.ofMillis(100))
                .failure(failure)
                .result("r")
                .arguments(args)
                .detail("d")
                .build();

        assertThat(event.type()).isEqualTo(EventType.RETRY);
        assertThat(event.instance()).isEqualTo("orders");
        assertThat(event.timestampMillis()).isEqualTo(42);
        assertThat(event.elapsed()).isEqualTo(Duration.ofMillis(3));
        assertThat(event.failure()).isSameAs(failure);
        assertThat(event.result()).isEqualTo("r");
        assertThat(event.arguments()).isSameAs(args);
        assertThat(event.toString())
                .isEqualTo(
                        "RETRY orders source=retry attempt=2 elapsed=3ms delay=100ms failure=java.io.IOException detail=d");
        assertThat(ResilienceEvent.builder(EventType.SUCCESS, "x", 0)
                        .elapsed(Duration.ZERO)
                        .build()
                        .toString())
                .isEqualTo("SUCCESS x elapsed=0ms");
    }

    @Test
    void publisherDeliversToParentsAndSurvivesThrowingListeners() {
        EventPublisher parent = new EventPublisher();
        EventPublisher child = new EventPublisher(parent);
        List<String> seen = new ArrayList<>();
        assertThat(child.isEnabled()).isFalse();

        parent.addListener(e -> seen.add("parent"));
        assertThat(child.isEnabled()).isTrue();
        EventListener throwing = e -> {
            throw new IllegalStateException("listener bug");
        };
        child.addListener(throwing);
        child.addListener(e -> seen.add("child"));

        child.publish(ResilienceEvent.builder(EventType.SUCCESS, "x", 0).build());

        assertThat(seen).containsExactly("child", "parent");
        assertThat(child.listeners()).hasSize(2);
        child.removeListener(throwing);
        assertThat(child.listeners()).hasSize(1);
        assertThatThrownBy(() -> child.addListener(null)).hasMessageContaining("listener");
    }
}
