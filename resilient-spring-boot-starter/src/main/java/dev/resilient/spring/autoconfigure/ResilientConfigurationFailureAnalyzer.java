package dev.resilient.spring.autoconfigure;

import dev.resilient.spring.ResilientConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ResilientConfigurationException} into a start-up failure report naming the
 * property or annotated method at fault and how to fix it.
 */
public class ResilientConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ResilientConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ResilientConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid @Resilient configuration.\n\n");
        if (cause.property() != null) {
            description.append("    Property: ").append(cause.property()).append('\n');
        }
        if (cause.method() != null) {
            description.append("    Method:   ").append(cause.method()).append('\n');
        }
        description.append("    Reason:   ").append(cause.reason()).append('\n');
        String action = cause.action() != null
                ? cause.action()
                : "Update the resilient.* properties or the @Resilient annotation.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
