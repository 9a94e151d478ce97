package dev.resilient.spring.internal;

import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.observation.alert.EscalationLevel;
import dev.resilient.observation.alert.LogAlertSink;
import dev.resilient.observation.alert.WebhookAlertSink;
import dev.resilient.spring.properties.AlertProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code alert.*} onto core's {@link AlertConfig}, with the application's alert sinks (a log sink
 * when there are none) and a webhook sink per URL; on when {@code threshold} is set.
 */
final class AlertMapping {

    private AlertMapping() {}

    private record Level(int afterErrors, @Nullable String webhookUrl) {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        AlertProperties a = p.getAlert();
        List<Level> escalation = escalation(a, check);
        Integer threshold = check.atLeastOne("alert.threshold", a.getThreshold());
        Duration window = check.positive("alert.window", a.getWindow());
        Duration cooldown = check.notNegative("alert.cooldown", a.getCooldown());
        String webhookUrl = check.url("alert.webhook-url", "webhook-url", a.getWebhookUrl(), false);
        Duration timeout = check.positive("alert.webhook-timeout", a.getWebhookTimeout());
        Duration webhookTimeout = timeout != null ? timeout : WebhookAlertSink.DEFAULT_TIMEOUT;
        boolean countRejections = Boolean.TRUE.equals(a.getCountRejections());
        if (threshold == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            List<AlertSink> configured = target.with().alertSinks();
            List<AlertSink> sinks = new ArrayList<>(configured.isEmpty() ? List.of(new LogAlertSink()) : configured);
            if (webhookUrl != null) {
                sinks.add(new WebhookAlertSink(URI.create(webhookUrl), webhookTimeout));
            }
            AlertConfig.Builder b = AlertConfig.builder()
                    .threshold(threshold)
                    .sinks(sinks)
                    .countRejections(countRejections)
                    .sensitiveNames(target.sensitiveNames())
                    .scrubber(target.with().scrubber());
            if (window != null) {
                b.window(window);
            }
            if (cooldown != null) {
                b.cooldown(cooldown);
            }
            List<EscalationLevel> levels = new ArrayList<>();
            for (Level e : escalation) {
                List<AlertSink> levelSinks = e.webhookUrl() != null
                        ? List.of(new WebhookAlertSink(URI.create(e.webhookUrl()), webhookTimeout))
                        : sinks;
                levels.add(new EscalationLevel(e.afterErrors(), levelSinks));
            }
            if (!levels.isEmpty()) {
                b.escalation(levels);
            }
            pipeline.alert(b.build());
        };
    }

    private static List<Level> escalation(AlertProperties a, Checks check) {
        List<Level> escalation = new ArrayList<>();
        int previous = 0;
        List<AlertProperties.Escalation> levels = Checks.filled("alert.escalation", a.getEscalation());
        for (int i = 0; i < levels.size(); i++) {
            AlertProperties.Escalation e = levels.get(i);
            String key = "alert.escalation";
            String element = "[" + i + "]";
            if (e.getAfterErrors() == null || e.getAfterErrors() < 1) {
                throw check.fail(key, element + ".after-errors must be >= 1 but was " + e.getAfterErrors(), null);
            }
            if (e.getAfterErrors() <= previous) {
                throw check.fail(
                        key,
                        element + ".after-errors must be greater than the level before it (" + previous + ") but was "
                                + e.getAfterErrors(),
                        "List escalation levels in increasing order of after-errors.");
            }
            previous = e.getAfterErrors();
            escalation.add(
                    new Level(e.getAfterErrors(), check.url(key, element + ".webhook-url", e.getWebhookUrl(), true)));
        }
        return List.copyOf(escalation);
    }
}
