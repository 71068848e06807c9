package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.FakeKuma.Seen;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bridge and a fake Kuma, both real HTTP servers on loopback. */
class PushToKumaTest {
    private FakeKuma kuma;

    @BeforeEach
    void startKuma() throws Exception {
        kuma = FakeKuma.start();
    }

    @AfterEach
    void stopKuma() {
        kuma.close();
    }

    @Test
    void webhookPushesUpAndAnswersOk() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("OK");
            List<Seen> seen = kuma.requests();
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).method()).isEqualTo("GET");
            assertThat(seen.get(0).query()).containsOnlyKeys("status", "msg", "ping");
            assertThat(seen.get(0).query().get("status")).containsExactly("up");
            assertThat(seen.get(0).query().get("msg")).containsExactly("OK");
            assertThat(seen.get(0).query().get("ping")).containsExactly("");
        }
    }

    @Test
    void ownParametersReplaceThePastedOnesAndOthersAreKept() throws Exception {
        String url = kuma.pushUrl().replace("?status=up&msg=OK&ping=", "?status=down&team=sre&msg=old&ping=12&x=1");
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);

            Seen seen = kuma.requests().get(0);
            assertThat(seen.uri().getRawQuery()).isEqualTo("team=sre&x=1&status=up&msg=OK&ping=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH"})
    void everyMethodOnPushPushes(String method) throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            assertThat(bridge.send(method, "/push", null).statusCode()).isEqualTo(200);
            assertThat(kuma.requests()).hasSize(1);
        }
    }

    @Test
    void unknownTokenIsNotRetriedAndKumasMessageIsShown() throws Exception {
        String wrong = kuma.pushUrl().replace(FakeKuma.TOKEN, "not-a-token");
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", wrong, "GET_RETRIES", "5"))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("Monitor not found or not active.").contains("after 1 try")
                    .doesNotContain("not-a-token");
            assertThat(kuma.requests()).hasSize(1);
        }
    }

    @Test
    void serverErrorsAreTriedExactlyGetRetriesTimes() throws Exception {
        kuma.always(FakeKuma.status(502));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "GET_RETRIES", "4"))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("after 4 tries").contains("HTTP 502");
            assertThat(kuma.requests()).hasSize(4);
        }
    }

    @Test
    void aLaterTrySucceedsAfterFailures() throws Exception {
        kuma.then(FakeKuma.status(503), FakeKuma.status(500));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            assertThat(kuma.requests()).hasSize(3);
        }
    }

    @Test
    void okFalseIsAFailedTry() throws Exception {
        kuma.always(new FakeKuma.Reply(200, "application/json", "{\"ok\":false,\"msg\":\"Monitor is paused\"}"));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "GET_RETRIES", "2"))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("ok=false: Monitor is paused");
            assertThat(kuma.requests()).hasSize(2);
        }
    }

    @Test
    void aPageThatIsNotKumasJsonIsAFailedTry() throws Exception {
        kuma.always(new FakeKuma.Reply(200, "text/html", "<html><body>Please log in</body></html>"));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "GET_RETRIES", "2"))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("not Kuma's JSON");
        }
    }

    @Test
    void aSlowKumaIsCutOffByPushTimeout() throws Exception {
        kuma.always(new FakeKuma.Slow(Duration.ofSeconds(5), FakeKuma.OK));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                "GET_RETRIES", "2", "PUSH_TIMEOUT", "300ms"))) {
            long start = System.nanoTime();
            HttpResponse<String> answer = bridge.post("/push", "");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("no answer within 300ms (PUSH_TIMEOUT)").contains("after 2 tries");
            // Without the per-try timeout the first try alone would take 5 seconds.
            assertThat(took).isLessThan(Duration.ofSeconds(4));
            // Both tries were sent and cut off, as the bridge counts them (the fake may not have seen a try that
            // was cut off before its handler ran).
            assertThat(MetricsTest.parse(bridge.get("/metrics").body()))
                    .containsEntry("kumapush_push_attempts_total{monitor=\"default\",result=\"error\"}", 2.0);
            assertThat(kuma.awaitRequests(1, Duration.ofSeconds(10))).as("tries that reached Kuma").hasSizeBetween(1, 2);
        }
    }

    @Test
    void aRefusedConnectionFailsEveryTry() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/api/push/" + FakeKuma.TOKEN;
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("after 3 tries").contains("cannot connect");
        }
    }

    @Test
    void aKumaThatKeepsDroppingConnectionsFailsThePush() throws Exception {
        kuma.always(new FakeKuma.Drop());
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "GET_RETRIES", "2"))) {
            HttpResponse<String> answer = bridge.post("/push", "");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("after 2 tries").contains("cannot reach Kuma");
            // The JDK's client itself repeats a GET once when the connection closes before any answer.
            assertThat(kuma.requests()).hasSizeBetween(2, 4);
        }
    }

    @Test
    void aDroppedConnectionIsRecoveredByTheNextTry() throws Exception {
        kuma.then(new FakeKuma.Drop());
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "GET_RETRIES", "2"))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            assertThat(kuma.requests()).hasSize(2);
        }
    }

    @Test
    void backoffStartsAtRetryBackoffAndDoubles() throws Exception {
        kuma.always(FakeKuma.status(500));
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                "GET_RETRIES", "3", "RETRY_BACKOFF", "1s"))) {
            bridge.post("/push", "");

            List<Seen> seen = kuma.requests();
            assertThat(seen).hasSize(3);
            Duration first = Duration.ofNanos(seen.get(1).nanoTime() - seen.get(0).nanoTime());
            Duration second = Duration.ofNanos(seen.get(2).nanoTime() - seen.get(1).nanoTime());
            assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(990));
            assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
            // Doubled, not repeated: the second pause is about a second longer than the first; half a second of
            // slack covers a stalled machine.
            assertThat(second.minus(first)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void pushesReuseOneConnectionToKuma() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            for (int i = 0; i < 3; i++) {
                assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            }
            assertThat(kuma.requests()).extracting(Seen::remotePort).containsOnly(kuma.requests().get(0).remotePort());
        }
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthorization() throws Exception {
        String url = kuma.pushUrl().replace("http://", "http://kuma-user:pa%24%24@");
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            assertThat(kuma.requests().get(0).headers().getFirst("Authorization"))
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("kuma-user:pa$$".getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void pushUrlFromAFileWorksLikeTheVariable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("kuma-url");
        java.nio.file.Files.writeString(file, kuma.pushUrl() + "\n");
        try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL_FILE", file.toString()))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            assertThat(kuma.requests()).hasSize(1);
        }
    }
}
