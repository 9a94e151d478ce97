package dev.resilient.spring.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Spring Security's {@link SecurityContextHolder}, in the thread-local and in the inheritable mode,
 * with callers alice and bob (and an anonymous one) calling a timed method at the same time on
 * pooled platform threads and on virtual threads: everyone sees their own authentication inside the
 * attempt, nobody ever sees another's, and an inheritable thread-local that nothing propagates is
 * never carried from one caller to another.
 */
class SecurityContextPropagationTest {

    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withUserConfiguration(Beans.class);

    @AfterEach
    void reset() {
        SecurityContextHolder.setStrategyName(SecurityContextHolder.MODE_THREADLOCAL);
        SecurityContextHolder.clearContext();
        INHERITED.remove();
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @CsvSource({
        "MODE_THREADLOCAL, platform",
        "MODE_INHERITABLETHREADLOCAL, platform",
        "MODE_THREADLOCAL, default",
        "MODE_INHERITABLETHREADLOCAL, default"
    })
    void noCallerEverSeesAnothersAuthentication(String mode, String kind) {
        SecurityContextHolder.setStrategyName(mode);
        ApplicationContextRunner runner = "default".equals(kind)
                ? this.runner
                : this.runner.withPropertyValues("resilient.executor.kind=" + kind, "resilient.executor.max-threads=4");
        runner.run(context -> {
            Whoami whoami = context.getBean(Whoami.class);
            ExecutorService callers = Executors.newFixedThreadPool(3);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (String user : new String[] {"alice", "bob", null}) {
                    results.add(callers.submit(() -> calls(whoami, user, start)));
                }
                start.countDown();
                for (int i = 0; i < results.size(); i++) {
                    String user = new String[] {"alice", "bob", null}[i];
                    List<String> seen = results.get(i).get(60, TimeUnit.SECONDS);
                    String expected = user == null ? "anonymous" : user + "/" + user;
                    assertThat(seen).as("what %s saw inside", user).hasSize(200).containsOnly(expected);
                }
            } finally {
                callers.shutdownNow();
            }
        });
    }

    /**
     * A caller without a security context is left without one: Spring Security's accessor reads the
     * context with {@code getContext()}, which would store an empty context in the caller's holder;
     * in the inheritable mode, threads the caller starts later would then share that one object.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"MODE_THREADLOCAL", "MODE_INHERITABLETHREADLOCAL"})
    void aCallerWithoutAContextIsLeftWithoutOne(String mode) {
        SecurityContextHolder.setStrategyName(mode);
        this.runner.run(context -> {
            Whoami whoami = context.getBean(Whoami.class);
            SecurityContextHolder.clearContext();

            assertThat(whoami.timed()).isEqualTo("anonymous");

            Thread child = new Thread(() -> SecurityContextHolder.getContext()
                    .setAuthentication(new TestingAuthenticationToken("child", "password", "ROLE_USER")));
            child.start();
            child.join(10_000);
            assertThat(SecurityContextHolder.getContext().getAuthentication())
                    .as("the caller's authentication after a child thread set its own")
                    .isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MODE_THREADLOCAL", "MODE_INHERITABLETHREADLOCAL"})
    void aCallersOwnContextStaysTheSameObject(String mode) {
        SecurityContextHolder.setStrategyName(mode);
        this.runner.run(context -> {
            SecurityContext own = SecurityContextHolder.createEmptyContext();
            own.setAuthentication(new TestingAuthenticationToken("carol", "password", "ROLE_USER"));
            SecurityContextHolder.setContext(own);

            assertThat(context.getBean(Whoami.class).timed()).isEqualTo("carol");
            assertThat(SecurityContextHolder.getContext()).isSameAs(own);
        });
    }

    private static List<String> calls(Whoami whoami, String user, CountDownLatch start) throws InterruptedException {
        if (user != null) {
            SecurityContext securityContext = SecurityContextHolder.createEmptyContext();
            securityContext.setAuthentication(new TestingAuthenticationToken(user, "password", "ROLE_USER"));
            SecurityContextHolder.setContext(securityContext);
            INHERITED.set(user);
        } else {
            SecurityContextHolder.clearContext();
            INHERITED.remove();
        }
        start.await();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String inside = whoami.timed();
            String inherited = INHERITED.get() == null ? null : whoami.inheritedInside();
            if (inherited != null) {
                // an inheritable value nothing propagates never reaches the attempt, from anybody
                inside = inside + "/" + (inherited.isEmpty() ? user : inherited);
            }
            seen.add(inside);
        }
        return seen;
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Whoami whoami() {
            return new Whoami();
        }
    }

    static class Whoami {
        @Resilient(timeout = "10s", maxAttempts = "1")
        public String timed() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication == null ? "anonymous" : authentication.getName();
        }

        /** The inheritable thread-local inside the attempt: "" when unset (as it must be), else its value. */
        @Resilient(timeout = "10s", maxAttempts = "1")
        public String inheritedInside() {
            String value = INHERITED.get();
            return value == null ? "" : value;
        }
    }
}
