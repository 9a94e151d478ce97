package dev.resilient.spring.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.jayway.jsonpath.JsonPath;
import dev.resilient.observation.alert.LogAlertSink;
import dev.resilient.observation.logging.LoggingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What leaves the process when a {@code @Resilient} call fails with secrets in its arguments, its MDC
 * and its exception message: the call log line (message, key-values, MDC), the alert log line, the
 * alert webhook's JSON (posted to a real HTTP server on loopback) and
 * {@code GET /actuator/resilience/{name}} over HTTP. The application is the starter auto-configured
 * with {@code resilient.*} properties only.
 */
@SpringBootTest(
        classes = SecretsTestApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=resilience",
            "resilient.profiles.secrets.retry.max-attempts=1",
            "resilient.profiles.secrets.logging.log-args=true",
            "resilient.profiles.secrets.logging.redact=nickname",
            "resilient.profiles.secrets.alert.threshold=1",
            "resilient.profiles.secrets.alert.cooldown=0s"
        })
class SecretsEndToEndTest {

    private static final WebhookReceiver WEBHOOK = new WebhookReceiver();

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("resilient.profiles.secrets.alert.webhook-url", WEBHOOK::url);
    }

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    SecretsTestApplication.Vault vault;

    @Autowired
    SecretsTestApplication.Gateway gateway;

    private LogLines calls;
    private LogLines alerts;

    @BeforeEach
    void capture() {
        calls = new LogLines(LoggingConfig.DEFAULT_LOGGER);
        alerts = new LogLines(LogAlertSink.DEFAULT_LOGGER);
        WEBHOOK.clear();
        SecretsTestApplication.CONTEXT.clear();
    }

    @AfterEach
    void release() {
        calls.close();
        alerts.close();
    }

    /**
     * Every documented sensitive name (a parameter, an MDC key or a {@code name=value} pair in the
     * message whose name contains it, in any case) and a name added with {@code logging.redact}.
     */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "password, dbPassword, 1",
        "passwd, passwd, 2",
        "secret, clientSecret, 3",
        "token, authToken, 4",
        "key, privateKey, 5",
        "apikey, apikey, 6",
        "authorization, authorization, 7",
        "credential, credential, 8",
        "cookie, sessionCookie, 9",
        "session, sessionId, 10",
        "ssn, ssn, 11",
        "pin, pin, 12",
        "logging.redact: nickname, nickname, 13"
    })
    void aSensitiveNameIsNeverWrittenInClear(String rule, String parameter, int index) throws Exception {
        String secret = "S3CR3T-" + parameter;
        SecretsTestApplication.CONTEXT.put("requestId", "req-42");
        SecretsTestApplication.CONTEXT.put(parameter, secret);
        Object[] args = new Object[14];
        args[0] = "alice";
        for (int i = 1; i < args.length; i++) {
            args[i] = i == index ? secret : "other-" + i;
        }

        assertThatThrownBy(() -> vault.store(
                        (String) args[0],
                        (String) args[1],
                        (String) args[2],
                        (String) args[3],
                        (String) args[4],
                        (String) args[5],
                        (String) args[6],
                        (String) args[7],
                        (String) args[8],
                        (String) args[9],
                        (String) args[10],
                        (String) args[11],
                        (String) args[12],
                        (String) args[13]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(secret); // the caller still gets the real failure

        ILoggingEvent line = failureLine("vault.store");
        assertThat(LogLines.keyValues(line))
                .containsEntry("arg." + parameter, "***")
                .containsEntry("arg.user", "alice");
        assertThat(line.getFormattedMessage()).contains(parameter + "=***").contains("user=alice");
        assertThat(line.getMDCPropertyMap()).containsEntry(parameter, "***").containsEntry("requestId", "req-42");
        assertThat(vault.mdcSeenByTheCall()).containsEntry(parameter, "***");
        assertThat(calls.everything()).doesNotContain(secret);

        String payload = WEBHOOK.next();
        assertThat(JsonPath.<String>read(payload, "$.instance")).isEqualTo("vault.store");
        assertThat(JsonPath.<String>read(payload, "$.message"))
                .contains(parameter + "=***")
                .contains("user=alice");
        assertThat(payload).doesNotContain(secret);
        assertThat(alerts.everything()).contains(parameter + "=***").doesNotContain(secret);
        assertThat(calls.everything() + alerts.everything()).doesNotContain("S3CR3TWEBHOOKPATH");
    }

    /** Each credential pattern in a failure message, as an HTTP client's exception would carry it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Authorization header  | 401 from upstream; sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.S3CR3TJWT.c2ln | S3CR3TJWT | Authorization: ***
            Proxy-Authorization   | Proxy-Authorization: Basic dXNlcjpTM0NSM1RQUk9YWQ== rejected        | dXNlcjpTM0NSM1RQUk9YWQ | Proxy-Authorization: ***
            Cookie header         | request Cookie: SESSION=S3CR3TCOOKIE; theme=dark                    | S3CR3TCOOKIE     | Cookie: ***
            Set-Cookie header     | upstream answered Set-Cookie: auth=S3CR3TSETCOOKIE; HttpOnly        | S3CR3TSETCOOKIE  | Set-Cookie: ***
            X-Api-Key header      | X-Api-Key: S3CR3TAPIKEYHEADER                                       | S3CR3TAPIKEYHEADER | X-Api-Key: ***
            bearer credential     | call with bearer S3CR3TBEARER expired                               | S3CR3TBEARER     | bearer *** expired
            basic credential      | sent Basic QWxhZGRpbjpTM0NSM1RCQVNJQw== to the proxy                | QWxhZGRpbjpTM0NSM1RCQVNJQw | Basic *** to the proxy
            URL user info         | GET https://alice:S3CR3TURLPASS@api.example.com/v1/items failed     | S3CR3TURLPASS    | https://***@api.example.com/v1/items
            password= in a query  | POST /login?user=bob&password=S3CR3TPASSWORD answered 500           | S3CR3TPASSWORD   | ?user=bob&password=***
            token= in a query     | GET /feed?token=S3CR3TTOKEN&page=2 answered 503                     | S3CR3TTOKEN      | ?token=***&page=2
            secret= pair          | client rejected: secret=S3CR3TSECRET                                | S3CR3TSECRET     | secret=***
            api_key= in a query   | GET /v2/geo?api_key=S3CR3TAPI_KEY timed out                         | S3CR3TAPI_KEY    | ?api_key=*** timed out
            key-value text        | login failed, password: S3CR3TKEYVALUE                              | S3CR3TKEYVALUE   | password: ***
            """)
    void aCredentialInAFailureMessageIsScrubbedEverywhereItLeaves(
            String pattern, String message, String secret, String scrubbed) throws Exception {
        assertThatThrownBy(() -> gateway.call(message, message)).isInstanceOf(IOException.class);

        ILoggingEvent line = failureLine("gateway.call");
        assertThat(line.getFormattedMessage()).contains(scrubbed).doesNotContain(secret);
        assertThat(LogLines.keyValues(line))
                .hasEntrySatisfying("resilient.exceptionMessage", value -> assertThat((String) value)
                        .contains(scrubbed))
                .hasEntrySatisfying(
                        "arg.request", value -> assertThat((String) value).contains(scrubbed));
        assertThat(calls.everything()).doesNotContain(secret);

        String payload = WEBHOOK.next();
        assertThat(JsonPath.<String>read(payload, "$.message")).contains(scrubbed);
        assertThat(JsonPath.<String>read(payload, "$.text")).contains(scrubbed);
        assertThat(payload).doesNotContain(secret);
        assertThat(alerts.everything()).contains(scrubbed).doesNotContain(secret);

        HttpResponse<String> endpoint = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/actuator/resilience/gateway.call"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(endpoint.statusCode()).isEqualTo(200);
        List<String> types = JsonPath.read(endpoint.body(), "$.events[*].type");
        assertThat(types).contains("FAILURE", "ALERT");
        List<String> exceptions = JsonPath.read(endpoint.body(), "$.events[?(@.type == 'FAILURE')].exception");
        assertThat(exceptions).contains(IOException.class.getName());
        assertThat(endpoint.body()).doesNotContain(secret);
    }

    private ILoggingEvent failureLine(String instance) {
        List<ILoggingEvent> failures = calls.events().stream()
                .filter(e -> {
                    Map<String, Object> kv = LogLines.keyValues(e);
                    return instance.equals(kv.get("resilient.instance")) && "FAILURE".equals(kv.get("resilient.event"));
                })
                .toList();
        assertThat(failures).hasSize(1);
        return failures.get(0);
    }
}
