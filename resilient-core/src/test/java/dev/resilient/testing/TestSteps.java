package dev.resilient.testing;

import dev.resilient.CallNotPermittedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the step tests. */
public final class TestSteps {

    private TestSteps() {}

    /** A rejection as an open circuit would throw it. */
    public static final class Rejected extends CallNotPermittedException {
        private static final long serialVersionUID = 1L;

        public Rejected() {
            super("test", "rejected");
        }
    }

    /** An Error no step may handle. */
    public static final class Fatal extends Error {
        private static final long serialVersionUID = 1L;

        public Fatal(String message) {
            super(message);
        }
    }

    /** The failure a stage completed with, unwrapped; null when it succeeded. */
    public static Throwable failureOf(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        Throwable failure = future.handle((value, t) -> t).join();
        return failure == null ? null : dev.resilient.step.Exceptions.unwrap(failure);
    }

    /** The value of a stage that completed normally. */
    public static <T> T valueOf(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            throw new AssertionError("stage not complete");
        }
        return future.join();
    }
}
