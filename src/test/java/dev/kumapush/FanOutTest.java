package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Watchdog to two Kuma instances with {@code continue: true}: each gets its push, a failure names its monitor. */
class FanOutTest {
    private static final String WATCHDOG = MultiMonitorTest.payload("firing",
            MultiMonitorTest.alertJson("firing", "Watchdog", "prod", "pipeline ok"));

    @TempDir
    Path dir;

    private Path config(FakeKuma inside, FakeKuma outside) throws Exception {
        return Files.writeString(dir.resolve("bridge.yml"), """
                monitors:
                  in-cluster:
                    url: '%s'
                  outside:
                    url: '%s'
                routes:
                  - matchers: ['alertname="Watchdog"']
                    monitor: in-cluster
                    continue: true
                  - matchers: ['alertname="Watchdog"']
                    monitor: outside
                """.formatted(inside.pushUrl(), outside.pushUrl()));
    }

    @Test
    void oneWatchdogReachesBothMonitorsWithOnePushEach() throws Exception {
        try (FakeKuma inside = FakeKuma.start(); FakeKuma outside = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("CONFIG_FILE", config(inside, outside).toString()))) {
            HttpResponse<String> answer = bridge.post("/push", WATCHDOG);

            assertThat(answer.statusCode()).isEqualTo(200);
            for (FakeKuma kuma : new FakeKuma[] {inside, outside}) {
                assertThat(kuma.requests()).singleElement().satisfies(s -> {
                    assertThat(s.param("status")).isEqualTo("up");
                    assertThat(s.param("msg")).isEqualTo("Watchdog firing (1 alert): pipeline ok");
                });
            }
        }
    }

    @Test
    void whenOneKumaFailsTheAnswerNamesItAndTheOtherIsNotPushedAgain() throws Exception {
        try (FakeKuma inside = FakeKuma.start(); FakeKuma outside = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("CONFIG_FILE", config(inside, outside).toString(),
                        "GET_RETRIES", "2"))) {
            outside.always(FakeKuma.status(502));
            HttpResponse<String> answer = bridge.post("/push", WATCHDOG);

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).isEqualTo("push to monitor outside failed after 2 tries: Kuma answered HTTP 502")
                    .doesNotContain("in-cluster").doesNotContain(FakeKuma.TOKEN);
            assertThat(inside.requests()).as("delivered once, not repeated by the bridge").hasSize(1);
            assertThat(outside.requests()).hasSize(2);
        }
    }

    @Test
    @Tag("process")
    void checkConfigShowsWhatEachRouteCanReach() throws Exception {
        try (FakeKuma inside = FakeKuma.start(); FakeKuma outside = FakeKuma.start();
                BridgeProcess check = BridgeProcess.start(Map.of("CONFIG_FILE", config(inside, outside).toString()),
                        dir, "--check-config")) {
            assertThat(check.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(check.output())
                    .contains("1. {alertname=\"Watchdog\"} -> in-cluster (continue: can also reach outside)")
                    .contains("2. {alertname=\"Watchdog\"} -> outside\n")
                    .doesNotContain(FakeKuma.TOKEN);
        }
    }

    /** The same in a process started as the launcher starts it, with the failing Kuma refusing connections. */
    @Test
    @Tag("process")
    void inTheProcessAKumaThatIsDownFailsOnlyItsOwnPush() throws Exception {
        FakeKuma gone = FakeKuma.start();
        try (FakeKuma inside = FakeKuma.start()) {
            Path config = config(inside, gone);
            gone.close();
            try (BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("CONFIG_FILE", config.toString(),
                    "GET_RETRIES", "1"), dir)) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bridge.port() + "/push"))
                        .POST(HttpRequest.BodyPublishers.ofString(WATCHDOG)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).startsWith("push to monitor outside failed after 1 try: cannot connect to Kuma");
                assertThat(inside.requests()).hasSize(1);
                assertThat(bridge.output()).contains("push monitor=in-cluster status=up result=delivered")
                        .contains("push monitor=outside status=up result=failed").doesNotContain(FakeKuma.TOKEN);
            }
        }
    }
}
