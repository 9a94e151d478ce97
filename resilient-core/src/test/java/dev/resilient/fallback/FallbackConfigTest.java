package dev.resilient.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.testing.TestSteps.Rejected;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FallbackConfigTest {

    @Test
    void defaultsHandleExceptionsAndReraise() {
        FallbackConfig config = FallbackConfig.ofDefaults();
        assertThat(config.hasFallback()).isFalse();
        assertThat(config.handles()).containsExactly(Exception.class);
        assertThat(config.reraise()).isTrue();
        assertThat(config.handleRejections()).isTrue();
        assertThat(config.errorMapper()).isNull();
        assertThat(config.handles(new IOException())).isTrue();
        assertThat(config.handles(new AssertionError())).isFalse();
    }

    @Test
    void rejectionsAreHandledUnlessSwitchedOff() {
        FallbackConfig config =
                FallbackConfig.builder().handles(IOException.class).build();
        assertThat(config.handles(new Rejected())).isTrue();
        assertThat(config.toBuilder().handleRejections(false).build().handles(new Rejected()))
                .isFalse();
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> FallbackConfig.builder().handles().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handles");
        assertThatThrownBy(() ->
                        FallbackConfig.builder().handles(OutOfMemoryError.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handles")
                .hasMessageContaining("java.lang.OutOfMemoryError");
        assertThatThrownBy(() -> FallbackConfig.builder()
                        .suppress(IOException.class, null)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("suppress");
        assertThatThrownBy(() -> FallbackConfig.builder().function((java.util.function.Function<Throwable, ?>) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function");
    }

    @Test
    void toStringShowsTheEffectiveConfiguration() {
        FallbackConfig config = FallbackConfig.builder()
                .value("x")
                .suppress(IOException.class)
                .reraise(false)
                .build();
        assertThat(config.toString())
                .contains("value(x)")
                .contains("java.io.IOException")
                .contains("reraise=false");
        assertThat(config.alternativeCount()).isEqualTo(1);
    }
}
