package dev.resilient.observation.stacktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.app.Billing;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackTraceFormatterTest {

    private static StackTraceElement frame(String type, String method, int line) {
        String file = type.substring(type.lastIndexOf('.') + 1).replaceAll("\\$.*", "") + ".java";
        return new StackTraceElement(type, method, file, line);
    }

    private static IllegalStateException failureWith(StackTraceElement... frames) {
        IllegalStateException failure = new IllegalStateException("boom");
        failure.setStackTrace(frames);
        return failure;
    }

    @Test
    void collapsesRunsOfHiddenFramesAndKeepsApplicationFrames() {
        IllegalStateException failure = failureWith(
                frame("example.app.Billing", "charge", 10),
                frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", 103),
                frame("java.lang.reflect.Method", "invoke", 580),
                frame("org.springframework.aop.support.AopUtils", "invokeJoinpointUsingReflection", 359),
                frame("example.app.Billing$$SpringCGLIB$$0", "charge", -1),
                frame("dev.resilient.pipeline.ResiliencePipeline", "execute", 55),
                frame("example.app.Api", "handle", 20));

        String text = new StackTraceFormatter(StackTraceConfig.ofDefaults()).format(failure);

        assertThat(text).isEqualTo("""
                java.lang.IllegalStateException: boom
                \tat example.app.Billing.charge(Billing.java:10)
                \t... 5 frames hidden
                \tat example.app.Api.handle(Api.java:20)""");
    }

    @Test
    void limitsTheDepthAndSaysHowManyFramesWereLeftOut() {
        IllegalStateException failure = null;
        try {
            Billing.deep(50);
        } catch (IllegalStateException e) {
            failure = e;
        }
        String text =
                new StackTraceFormatter(StackTraceConfig.builder().maxDepth(5).build()).format(failure);

        assertThat(text.lines().filter(line -> line.startsWith("\tat "))).hasSize(5);
        assertThat(text.lines().filter(line -> line.contains("example.app.Billing.deep")))
                .hasSize(5);
        assertThat(text).containsPattern("\\t\\.\\.\\. \\d+ frames not shown \\(maxDepth 5\\)");
        int leftOut = Integer.parseInt(text.replaceAll("(?s).*\\t\\.\\.\\. (\\d+) frames not shown.*", "$1"));
        assertThat(leftOut + 5).isEqualTo(failure.getStackTrace().length);
    }

    @Test
    void writesCausesAndSuppressedWithFramesInCommonSummarised() {
        IOException root = new IOException("connection reset");
        root.setStackTrace(new StackTraceElement[] {
            frame("example.app.Socket", "read", 3),
            frame("example.app.Billing", "charge", 10),
            frame("example.app.Api", "handle", 20)
        });
        IllegalStateException closeFailure =
                failureWith(frame("example.app.Socket", "close", 9), frame("example.app.Api", "handle", 20));
        IllegalStateException top =
                failureWith(frame("example.app.Billing", "charge", 11), frame("example.app.Api", "handle", 20));
        top.initCause(root);
        top.addSuppressed(closeFailure);

        String text = new StackTraceFormatter(StackTraceConfig.ofDefaults()).format(top);

        assertThat(text).isEqualTo("""
                java.lang.IllegalStateException: boom
                \tat example.app.Billing.charge(Billing.java:11)
                \tat example.app.Api.handle(Api.java:20)
                \tSuppressed: java.lang.IllegalStateException: boom
                \t\tat example.app.Socket.close(Socket.java:9)
                \t\t... 1 more
                Caused by: java.io.IOException: connection reset
                \tat example.app.Socket.read(Socket.java:3)
                \tat example.app.Billing.charge(Billing.java:10)
                \t... 1 more""");
    }

    @Test
    void survivesCyclesOfCauses() {
        IllegalStateException a = failureWith(frame("example.app.A", "a", 1));
        IllegalStateException b = new IllegalStateException("b", a);
        b.setStackTrace(new StackTraceElement[] {frame("example.app.B", "b", 2)});
        a.initCause(b);
        a.addSuppressed(b);

        String text = new StackTraceFormatter(StackTraceConfig.ofDefaults()).format(a);

        assertThat(text)
                .contains("[CIRCULAR REFERENCE: java.lang.IllegalStateException: b]")
                .contains("Suppressed: java.lang.IllegalStateException: b");
    }

    @Test
    void showsArgumentsAndRedactsMessages() {
        IllegalStateException failure = new IllegalStateException("login failed for user=bob password=hunter2");
        failure.setStackTrace(new StackTraceElement[] {frame("example.app.Billing", "login", 4)});
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("user", "bob");
        arguments.put("password", "***");

        String text = new StackTraceFormatter(
                        StackTraceConfig.builder().showArguments(true).build())
                .format(failure, arguments);

        assertThat(text)
                .contains("user=bob password=***")
                .doesNotContain("hunter2")
                .contains("\tArguments: user=bob, password=***");
        String without = new StackTraceFormatter(StackTraceConfig.ofDefaults()).format(failure, arguments);
        assertThat(without).doesNotContain("Arguments");
    }

    @Test
    void showsSourceLinesWhenTheSourceIsOnTheClasspathOnly() {
        IllegalStateException failure =
                failureWith(frame("example.app.Ledger", "balance", 7), frame("example.app.Billing", "charge", 10));
        StackTraceFormatter formatter = new StackTraceFormatter(
                StackTraceConfig.builder().showSource(true).build());

        assertThat(formatter.format(failure)).contains("""
                \tSource example/app/Ledger.java:
                \t  5 |     public long balance(String account) {
                \t  6 |         long total = 0;
                \t> 7 |         total += load(account);
                \t  8 |         return total;
                \t  9 |     }""");

        IllegalStateException noSource = failureWith(frame("example.app.Billing", "charge", 10));
        assertThat(formatter.format(noSource)).doesNotContain("Source");
    }

    @Test
    void withoutFramesOnlyTheHeadersAreWritten() {
        IllegalStateException failure = failureWith(frame("example.app.Billing", "charge", 10));
        failure.initCause(new IOException("down"));
        String text = new StackTraceFormatter(
                        StackTraceConfig.builder().include(false).build())
                .format(failure);
        assertThat(text).isEqualTo("java.lang.IllegalStateException: boom\nCaused by: java.io.IOException: down");
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> StackTraceConfig.builder().maxDepth(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDepth must be >= 1 but was 0");
        assertThatThrownBy(
                        () -> StackTraceConfig.builder().sourceContextLines(-1).build())
                .hasMessageContaining("sourceContextLines");
    }
}
