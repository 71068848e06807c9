package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inbound credentials, as Alertmanager's {@code http_config} sends them. */
class AuthTest {
    private static final String TOKEN = "am-webhook-t0ken";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(RunningBridge bridge, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(bridge.uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "NONE", value = {
        "missing header;              NONE;                          401",
        "wrong scheme;                Basic YW0td2ViaG9vay10MGtlbg==; 401",
        "wrong token;                 Bearer am-webhook-t0ke;        401",
        "token with extra text;       Bearer am-webhook-t0kenX;      401",
        "empty token;                 Bearer ;                       401",
        "right token;                 Bearer am-webhook-t0ken;       200",
        "scheme in lower case;        bearer am-webhook-t0ken;       200",
    })
    void aBearerTokenGuardsTheWebhook(String what, String authorization, int expected) throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", TOKEN))) {
            HttpResponse<String> answer = post(bridge, "/push", authorization);

            assertThat(answer.statusCode()).isEqualTo(expected);
            if (expected == 401) {
                assertThat(answer.headers().firstValue("WWW-Authenticate"))
                        .contains("Bearer realm=\"alertmanager-uptime-kuma-push\"");
                assertThat(answer.body()).doesNotContain(TOKEN);
                assertThat(kuma.requests()).isEmpty();
            } else {
                assertThat(kuma.requests()).hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "NONE", value = {
        "missing header;     NONE;          401",
        "wrong password;     alertmanager:nope; 401",
        "wrong user;         someone:s3cret; 401",
        "right credentials;  alertmanager:s3cret; 200",
    })
    void basicAuthGuardsTheWebhook(String what, String userPassword, int expected, @TempDir Path dir)
            throws Exception {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret\n");
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BASIC_AUTH_USERNAME", "alertmanager",
                        "WEBHOOK_BASIC_AUTH_PASSWORD_FILE", passwordFile.toString()))) {
            HttpResponse<String> answer = post(bridge, "/push", userPassword == null ? null : basic(userPassword));

            assertThat(answer.statusCode()).isEqualTo(expected);
            if (expected == 401) {
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Basic realm="));
            }
        }
    }

    @Test
    void garbledBasicCredentialsAreRefused() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BASIC_AUTH_USERNAME", "alertmanager", "WEBHOOK_BASIC_AUTH_PASSWORD", "s3cret"))) {
            assertThat(post(bridge, "/push", "Basic %%%not-base64").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void healthAndMetricsStayOpenByDefault() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", TOKEN))) {
            assertThat(bridge.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(bridge.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(bridge.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(bridge.get("/push/default").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void metricsCanBeGuardedToo() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", TOKEN, "METRICS_REQUIRE_AUTH", "true"))) {
            assertThat(bridge.get("/metrics").statusCode()).isEqualTo(401);
            HttpResponse<String> scrape = CLIENT.send(HttpRequest.newBuilder(bridge.uri("/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("kumapush_webhooks_received_total");
            assertThat(bridge.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusedWebhooksAreCounted() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", TOKEN))) {
            post(bridge, "/push", "Bearer wrong");
            assertThat(MetricsTest.parse(bridge.get("/metrics").body()))
                    .containsEntry("kumapush_webhooks_received_total{outcome=\"unauthorized\"}", 1.0);
        }
    }
}
