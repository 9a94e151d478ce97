package dev.resilient.spring.internal;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.aggregation.ErrorReport;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.observation.logging.ArgumentSanitizer;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.ResilientSharedState;
import dev.resilient.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;

/**
 * The application's beans the mappings use when they build an instance's configs (see
 * {@link PipelineConfigFactory} for each one's meaning). Nullable ones are null when absent.
 */
record Collaborators(
        @Nullable BeanFactory beanFactory,
        Clock clock,
        List<AlertSink> alertSinks,
        @Nullable Consumer<ErrorReport> errorReportCallback,
        @Nullable ArgumentSanitizer sanitizer,
        @Nullable ResilientContextProvider contextProvider,
        @Nullable ResilientErrorMapper errorMapper,
        MessageScrubber scrubber,
        List<ResilientCallListener> listeners,
        boolean http,
        @Nullable ResilientSharedState sharedState) {}
