package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP client integrations with only the client stack they serve: a {@code RestClient} without
 * WebFlux, a {@code WebClient} without {@code RestClient} and Boot's {@code spring-boot-restclient}.
 * Each is checked twice: with a {@link FilteredClassLoader} (the conditions see the stack missing) and
 * in a class loader that really lacks the other stack, where the starter's classes are defined anew
 * and any mention of a missing type in a bean's signature fails the start-up.
 */
class HttpClientsWithOneStackTest {

    private static final String[] PROPERTIES = {
        "resilient.http.client.enabled=true", "resilient.http.client.profile=http"
    };

    private static final Predicate<String> NO_WEBFLUX = name -> name.startsWith("org.springframework.web.reactive.")
            || name.startsWith("org.springframework.boot.webclient.");

    private static final Predicate<String> NO_REST_CLIENT =
            name -> name.equals("org.springframework.web.client.RestClient")
                    || name.startsWith("org.springframework.web.client.RestClient$")
                    || name.startsWith("org.springframework.boot.restclient.");

    @Test
    void restClientRetriesA503WithoutWebFlux() throws Exception {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(NO_WEBFLUX))
                .withConfiguration(AutoConfigurations.of(
                        ResilientAutoConfiguration.class,
                        ResilientHttpClientAutoConfiguration.class,
                        RestClientAutoConfiguration.class))
                .withPropertyValues(PROPERTIES)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                    assertThat(context).hasSingleBean(ResilientRestClientCustomizer.class);
                    try (LoopbackServer server = new LoopbackServer()) {
                        server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                        String body = context.getBean(RestClient.Builder.class)
                                .baseUrl(server.uri("/").toString())
                                .requestFactory(new JdkClientHttpRequestFactory())
                                .build()
                                .get()
                                .retrieve()
                                .body(String.class);
                        assertThat(body).isEqualTo("ok");
                        assertThat(server.requests()).isEqualTo(2);
                    }
                });
    }

    @Test
    void webClientRetriesA503WithoutRestClient() throws Exception {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(NO_REST_CLIENT))
                .withConfiguration(AutoConfigurations.of(
                        ResilientAutoConfiguration.class,
                        ResilientHttpClientAutoConfiguration.class,
                        WebClientAutoConfiguration.class))
                .withPropertyValues(PROPERTIES)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
                    assertThat(context).hasSingleBean(ResilientWebClientCustomizer.class);
                    try (LoopbackServer server = new LoopbackServer()) {
                        server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                        String body = context.getBean(WebClient.Builder.class)
                                .baseUrl(server.uri("/").toString())
                                .clientConnector(new JdkClientHttpConnector())
                                .build()
                                .get()
                                .retrieve()
                                .bodyToMono(String.class)
                                .block(HttpClients.BLOCK);
                        assertThat(body).isEqualTo("ok");
                        assertThat(server.requests()).isEqualTo(2);
                    }
                });
    }

    @Test
    void startsAndRetriesInAClassLoaderWithoutWebFlux() throws Exception {
        assertThat(runIsolated(NO_WEBFLUX, RestClientScenario.class)).isEqualTo("ok after 2 requests");
    }

    @Test
    void startsAndRetriesInAClassLoaderWithoutRestClient() throws Exception {
        assertThat(runIsolated(NO_REST_CLIENT, WebClientScenario.class)).isEqualTo("ok after 2 requests");
    }

    private static String runIsolated(Predicate<String> hidden, Class<?> scenario) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (Isolated loader = new Isolated(hidden)) {
            thread.setContextClassLoader(loader);
            @SuppressWarnings("unchecked")
            Callable<String> call = (Callable<String>) Class.forName(scenario.getName(), true, loader)
                    .getDeclaredConstructor()
                    .newInstance();
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A RestClient from Boot's builder, run where WebFlux is missing. */
    public static final class RestClientScenario implements Callable<String> {
        @Override
        public String call() throws Exception {
            String[] result = new String[1];
            new ApplicationContextRunner()
                    .withClassLoader(getClass().getClassLoader())
                    .withConfiguration(AutoConfigurations.of(
                            ResilientAutoConfiguration.class,
                            ResilientHttpClientAutoConfiguration.class,
                            RestClientAutoConfiguration.class))
                    .withPropertyValues(PROPERTIES)
                    .run(context -> {
                        if (context.getStartupFailure() != null) {
                            throw new IllegalStateException(context.getStartupFailure());
                        }
                        try (LoopbackServer server = new LoopbackServer()) {
                            server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                            String body = context.getBean(RestClient.Builder.class)
                                    .baseUrl(server.uri("/").toString())
                                    .requestFactory(new JdkClientHttpRequestFactory())
                                    .build()
                                    .get()
                                    .retrieve()
                                    .body(String.class);
                            result[0] = body + " after " + server.requests() + " requests";
                        }
                    });
            return result[0];
        }
    }

    /** A WebClient from Boot's builder, run where RestClient and spring-boot-restclient are missing. */
    public static final class WebClientScenario implements Callable<String> {
        @Override
        public String call() throws Exception {
            String[] result = new String[1];
            new ApplicationContextRunner()
                    .withClassLoader(getClass().getClassLoader())
                    .withConfiguration(AutoConfigurations.of(
                            ResilientAutoConfiguration.class,
                            ResilientHttpClientAutoConfiguration.class,
                            WebClientAutoConfiguration.class))
                    .withPropertyValues(PROPERTIES)
                    .run(context -> {
                        if (context.getStartupFailure() != null) {
                            throw new IllegalStateException(context.getStartupFailure());
                        }
                        try (LoopbackServer server = new LoopbackServer()) {
                            server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                            String body = context.getBean(WebClient.Builder.class)
                                    .baseUrl(server.uri("/").toString())
                                    .clientConnector(new JdkClientHttpConnector())
                                    .build()
                                    .get()
                                    .retrieve()
                                    .bodyToMono(String.class)
                                    .block(HttpClients.BLOCK);
                            result[0] = body + " after " + server.requests() + " requests";
                        }
                    });
            return result[0];
        }
    }

    /**
     * The test class path in a loader of its own (parent: the platform loader), so every class,
     * the starter's included, is defined here and links against what this loader has; the
     * {@code hidden} classes are missing.
     */
    private static final class Isolated extends URLClassLoader {
        private final Predicate<String> hidden;

        Isolated(Predicate<String> hidden) {
            super(classPath(), ClassLoader.getPlatformClassLoader());
            this.hidden = hidden;
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return new File(entry).toURI().toURL();
                        } catch (MalformedURLException e) {
                            throw new IllegalStateException(entry, e);
                        }
                    })
                    .toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden.test(name)) {
                throw new ClassNotFoundException(name + " is hidden from this test");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            if (name.endsWith(".class")
                    && hidden.test(name.substring(0, name.length() - 6).replace('/', '.'))) {
                return null;
            }
            return super.getResource(name);
        }
    }
}
