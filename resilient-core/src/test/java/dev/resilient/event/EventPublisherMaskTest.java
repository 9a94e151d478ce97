package dev.resilient.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.observation.logging.LoggingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPublisherMaskTest {

    private static EventListener only(EventType wanted, List<ResilienceEvent> into) {
        return new EventListener() {
            @Override
            public void onEvent(ResilienceEvent event) {
                into.add(event);
            }

            @Override
            public boolean accepts(EventType type) {
                return type == wanted;
            }
        };
    }

    private static ResilienceEvent event(EventType type) {
        return ResilienceEvent.builder(type, "i", 0).build();
    }

    @Test
    void aListenerWantingOnlyFailureEnablesOnlyFailure() {
        EventPublisher publisher = new EventPublisher();
        List<ResilienceEvent> got = new ArrayList<>();
        EventListener failures = only(EventType.FAILURE, got);

        assertThat(publisher.isEnabled()).isFalse();
        publisher.addListener(failures);

        assertThat(publisher.isEnabled()).isTrue();
        assertThat(publisher.isEnabled(EventType.FAILURE)).isTrue();
        assertThat(publisher.isEnabled(EventType.SUCCESS)).isFalse();
        assertThat(publisher.isEnabled(EventType.ATTEMPT)).isFalse();
        publisher.publish(event(EventType.SUCCESS));
        publisher.publish(event(EventType.FAILURE));
        assertThat(got).extracting(ResilienceEvent::type).containsExactly(EventType.FAILURE);
    }

    @Test
    void theMaskFollowsAddAndRemove() {
        EventPublisher publisher = new EventPublisher();
        List<ResilienceEvent> got = new ArrayList<>();
        EventListener failures = only(EventType.FAILURE, got);
        EventListener all = got::add;

        publisher.addListener(failures).addListener(all);
        assertThat(publisher.isEnabled(EventType.SUCCESS)).isTrue();

        publisher.removeListener(all);
        assertThat(publisher.isEnabled(EventType.SUCCESS)).isFalse();
        assertThat(publisher.isEnabled(EventType.FAILURE)).isTrue();

        publisher.removeListener(failures);
        assertThat(publisher.isEnabled(EventType.FAILURE)).isFalse();
        assertThat(publisher.isEnabled()).isFalse();
        assertThat(publisher.listeners()).isEmpty();
    }

    @Test
    void aChildIsEnabledForTheTypesItsParentWants() {
        EventPublisher parent = new EventPublisher();
        EventPublisher child = new EventPublisher(parent);
        List<ResilienceEvent> got = new ArrayList<>();
        parent.addListener(only(EventType.RETRY, got));
        child.addListener(only(EventType.FAILURE, got));

        assertThat(child.isEnabled(EventType.RETRY)).isTrue();
        assertThat(child.isEnabled(EventType.FAILURE)).isTrue();
        assertThat(child.isEnabled(EventType.SUCCESS)).isFalse();
        assertThat(parent.isEnabled(EventType.FAILURE)).isFalse();

        child.publish(event(EventType.RETRY));
        child.publish(event(EventType.SUCCESS));
        assertThat(got).extracting(ResilienceEvent::type).containsExactly(EventType.RETRY);
    }

    @Test
    void aDefaultLoggingListenerWantsNoSuccessNorAttempt() {
        EventPublisher publisher = new EventPublisher().addListener(new LoggingListener());

        assertThat(publisher.isEnabled(EventType.SUCCESS)).isFalse();
        assertThat(publisher.isEnabled(EventType.ATTEMPT)).isFalse();
        assertThat(publisher.isEnabled(EventType.FAILURE)).isTrue();
        assertThat(publisher.isEnabled(EventType.RETRY)).isTrue();

        EventPublisher verbose = new EventPublisher()
                .addListener(new LoggingListener(LoggingConfig.builder()
                        .logSuccess(true)
                        .mdcAttempt(true)
                        .build()));
        assertThat(verbose.isEnabled(EventType.SUCCESS)).isTrue();
        assertThat(verbose.isEnabled(EventType.ATTEMPT)).isTrue();
    }
}
