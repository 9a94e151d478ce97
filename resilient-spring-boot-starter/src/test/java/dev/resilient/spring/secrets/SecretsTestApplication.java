package dev.resilient.spring.secrets;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientContextProvider;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application with two {@code @Resilient} methods of the {@code secrets} profile. */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecretsTestApplication {

    /** The MDC entries every call gets: one per sensitive name, plus a request id. */
    static final Map<String, String> CONTEXT = new LinkedHashMap<>();

    @Bean
    Vault vault() {
        return new Vault();
    }

    @Bean
    Gateway gateway() {
        return new Gateway();
    }

    @Bean
    ResilientContextProvider contextProvider() {
        return () -> CONTEXT;
    }

    /** Stores credentials; every call fails with a message naming each argument. */
    static class Vault {

        private volatile Map<String, String> mdcSeenByTheCall;

        /** The MDC the method body saw (read through the proxy, which delegates to the target). */
        public Map<String, String> mdcSeenByTheCall() {
            return mdcSeenByTheCall;
        }

        @Resilient(profile = "secrets", name = "vault.store")
        public String store(
                String user,
                String dbPassword,
                String passwd,
                String clientSecret,
                String authToken,
                String privateKey,
                String apikey,
                String authorization,
                String credential,
                String sessionCookie,
                String sessionId,
                String ssn,
                String pin,
                String nickname)
                throws IOException {
            mdcSeenByTheCall = MDC.getCopyOfContextMap();
            throw new IOException("store failed for user=" + user + ", dbPassword=" + dbPassword + ", passwd="
                    + passwd + ", clientSecret=" + clientSecret + ", authToken=" + authToken + ", privateKey="
                    + privateKey + ", apikey=" + apikey + ", authorization=" + authorization + ", credential="
                    + credential + ", sessionCookie=" + sessionCookie + ", sessionId=" + sessionId + ", ssn=" + ssn
                    + ", pin=" + pin + ", nickname=" + nickname);
        }
    }

    /** Calls a remote service; fails with the message it is given, as an HTTP client error would. */
    static class Gateway {

        @Resilient(profile = "secrets", name = "gateway.call")
        public String call(String request, String failure) throws IOException {
            throw new IOException(failure);
        }
    }
}
