package dev.resilient.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialScrubberTest {

    private final MessageScrubber scrubber = MessageScrubber.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Authorization: Bearer eyJhbGciOi.S3CR3TJWTPAYLOAD        | Authorization: ***
            authorization=Basic dXNlcjpTM0NSM1Q=                     | authorization=***
            Proxy-Authorization: Basic dXNlcjpTM0NSM1Q=, status 407  | Proxy-Authorization: ***
            Proxy-Authorization: Basic dXNlcjpTM0NSM1Q=, status=407  | Proxy-Authorization: ***, status=407
            Cookie: SESSION=S3CR3T; theme=dark                       | Cookie: ***
            Set-Cookie: id=S3CR3T; Path=/; HttpOnly                  | Set-Cookie: ***
            X-Api-Key: S3CR3T-key                                    | X-Api-Key: ***
            x-auth-token: S3CR3T                                     | x-auth-token: ***
            Api-Key=S3CR3T                                           | Api-Key=***
            {"Authorization":"Bearer S3CR3T","Accept":"json"}        | {"Authorization":"***","Accept":"json"}
            headers={Authorization=Bearer S3CR3T, Accept=json}       | headers={Authorization=***, Accept=json}
            call failed with bearer S3CR3T.jwt-part                  | call failed with bearer ***
            sent Basic dXNlcjpTM0NSM1Q= to host                      | sent Basic *** to host
            GET https://alice:S3CR3T@api.example.com/v1 failed       | GET https://***@api.example.com/v1 failed
            jdbc:postgresql://admin:S3CR3T@db:5432/app refused       | jdbc:postgresql://***@db:5432/app refused
            GET /v1/items?page=2&token=S3CR3T&sort=asc failed        | GET /v1/items?page=2&token=***&sort=asc failed
            /login?user=bob&password=S3CR3T                          | /login?user=bob&password=***
            client_secret=S3CR3T grant=client_credentials            | client_secret=*** grant=client_credentials
            api_key=S3CR3T                                           | api_key=***
            GET /geo?apikey=S3CR3T&page=2                            | GET /geo?apikey=***&page=2
            login failed: password: S3CR3T                           | login failed: password: ***
            access_token: Bearer S3CR3T                              | access_token: ***
            config {"dbPassword": "S3CR3T"}                          | config {"dbPassword": "***"}
            """)
    void masksEachKindOfCredential(String text, String expected) {
        assertThat(scrubber.scrub(text)).isEqualTo(expected).doesNotContain("S3CR3T");
    }

    @Test
    void textWithoutCredentialsIsReturnedAsIs() {
        for (String text : List.of(
                "Connection refused: localhost/127.0.0.1:8080",
                "GET https://api.example.com/v1/items?page=2 answered 503",
                "java.io.IOException: Broken pipe",
                "")) {
            assertThat(scrubber.scrub(text)).isSameAs(text);
        }
        assertThat(scrubber.scrub(null)).isNull();
    }

    @Test
    void aMultiLineMessageKeepsItsOtherLines() {
        assertThat(scrubber.scrub("401 Unauthorized\nAuthorization: Bearer S3CR3T\nRetry later"))
                .isEqualTo("401 Unauthorized\nAuthorization: ***\nRetry later");
    }

    @Test
    void theRedactionRuleScrubsBeforeItRedactsPairsSoABearerTokenGoesAsAWhole() {
        Redaction redaction = Redaction.defaults();
        assertThat(redaction.redactText("Authorization: Bearer eyJhbGciOi.S3CR3TJWTPAYLOAD"))
                .isEqualTo("Authorization: ***");
        Redaction unscrubbed = new Redaction(Redaction.DEFAULT_SENSITIVE_NAMES, "***", MessageScrubber.none());
        assertThat(unscrubbed.redactText("authorization=Bearer eyJhbGciOi.S3CR3TJWTPAYLOAD"))
                .isEqualTo("authorization=***");
    }

    @Test
    void aScrubberThatThrowsYieldsUnavailable() {
        Redaction redaction = new Redaction(List.of("password"), "***", text -> {
            throw new IllegalStateException("bug");
        });
        assertThat(redaction.redactText("boom")).isEqualTo(MessageScrubber.UNAVAILABLE);
    }

    @Test
    void aCustomMaskAndAChainedScrubber() {
        MessageScrubber chained =
                new CredentialScrubber("[hidden]").andThen(text -> text.replace("4111111111111111", "[card]"));
        assertThat(chained.scrub("token=abc card 4111111111111111")).isEqualTo("token=[hidden] card [card]");
    }
}
