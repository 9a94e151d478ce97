package dev.resilient.spring;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Supplies entries put into the SLF4J MDC for the duration of every {@code @Resilient} call, for
 * example a request id, so that the library's log lines carry them. Define one as a bean; it is
 * called once per call, on the calling thread, and must be fast. An exception thrown here is logged
 * and the call goes on. Entries pass the redaction rule of logged arguments: a key containing a
 * sensitive name ({@code sessionId}, {@code authToken}, ...) gets {@code ***}, and values are scrubbed
 * of credentials (see docs/security.md).
 */
@FunctionalInterface
public interface ResilientContextProvider {

    /** The entries to add to the MDC for this call; null or empty adds nothing. */
    @Nullable
    Map<String, String> context();
}
