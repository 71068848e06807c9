package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each path answers, and what a webhook that breaks a limit gets. */
class WebhookEndpointsTest {
    private FakeKuma kuma;
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        kuma = FakeKuma.start();
        bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "MAX_BODY_SIZE", "1KiB"));
    }

    @AfterEach
    void stop() {
        bridge.close();
        kuma.close();
    }

    @ParameterizedTest
    @CsvSource({
        "/healthz, 200, OK",
        "/-/healthy, 200, OK",
        "/readyz, 200, OK",
        "/-/ready, 200, OK",
        "/pushx, 404, not found",
        "/api/push, 404, not found",
        "/push/nobody, 404, unknown monitor \"nobody\"",
    })
    void pathsAnswerAsDocumented(String path, int status, String body) throws Exception {
        HttpResponse<String> answer = bridge.get(path);

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
        assertThat(kuma.requests()).isEmpty();
    }

    @Test
    void theDefaultMonitorHasItsOwnPath() throws Exception {
        assertThat(bridge.post("/push/default", "").statusCode()).isEqualTo(200);
        assertThat(kuma.requests()).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutAPush() throws Exception {
        HttpResponse<String> answer = bridge.post("/push", "x".repeat(1025));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("MAX_BODY_SIZE");
        assertThat(kuma.requests()).isEmpty();
    }

    @Test
    void aBodyAtTheLimitIsAccepted() throws Exception {
        String start = "{\"status\":\"firing\",\"alerts\":[],\"padding\":\"";
        String body = start + "x".repeat(1024 - start.length() - 2) + "\"}";
        assertThat(body).hasSize(1024);
        assertThat(bridge.post("/push", body).statusCode()).isEqualTo(200);
        assertThat(kuma.requests()).hasSize(1);
    }

    @Test
    void theAnswerToAFailedPushNeverHoldsTheToken() throws Exception {
        kuma.always(FakeKuma.status(500));
        HttpResponse<String> answer = bridge.post("/push", "");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).doesNotContain(FakeKuma.TOKEN);
    }
}
