package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge as a process under the conditions of production: slow clients, floods, shutdown, the command line. */
@Tag("process")
class ProductionProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts the bridge as the launcher does, on a port the system picks (see {@link BridgeProcess#port()}). */
    private static BridgeProcess serve(Map<String, String> env, Path dir) throws Exception {
        return BridgeProcess.serveAsShipped(env, dir);
    }

    @Test
    void aClientThatSendsHalfARequestIsCutOffAndBlocksNobody() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            try (BridgeProcess bridge = serve(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "READ_TIMEOUT", "3s"), dir)) {
                int port = bridge.port();
                // One webhook first, so that the timed one below does not pay for a cold JVM.
                assertThat(post(port, "/push", "").statusCode()).isEqualTo(200);
                try (Socket halfHeaders = new Socket("127.0.0.1", port);
                        Socket halfBody = new Socket("127.0.0.1", port)) {
                    halfHeaders.getOutputStream().write("POST /push HTTP/1.1\r\nHost: x\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    halfBody.getOutputStream().write(("POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"st")
                            .getBytes(StandardCharsets.US_ASCII));

                    // Answered while the two half requests still hold their connections (READ_TIMEOUT is 3 s).
                    long start = System.nanoTime();
                    assertThat(post(port, "/push", "").statusCode()).isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

                    for (Socket slow : List.of(halfHeaders, halfBody)) {
                        slow.setSoTimeout(20_000);
                        long waited = System.nanoTime();
                        String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                        assertThat(Duration.ofNanos(System.nanoTime() - waited)).isLessThan(Duration.ofSeconds(15));
                        assertThat(answer).as("answered, then closed").startsWith("HTTP/1.1 408 Request Timeout\r\n")
                                .contains("Connection: close\r\n");
                    }
                }
                assertThat(kuma.requests()).hasSize(2);
                assertThat(bridge.output()).doesNotContain(FakeKuma.TOKEN);
            }
        }
    }

    @Test
    void aPushSlowerThanTheReadTimeoutIsStillAnswered() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.then(new FakeKuma.Slow(Duration.ofMillis(2500), FakeKuma.OK));
            try (BridgeProcess bridge = serve(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "READ_TIMEOUT", "1s",
                    "PUSH_TIMEOUT", "5s"), dir)) {
                int port = bridge.port();
                assertThat(post(port, "/push", "").statusCode()).isEqualTo(200);
                assertThat(bridge.output()).doesNotContain(FakeKuma.TOKEN);
            }
        }
    }

    @Test
    void aFloodGets503BeyondTheLimitWithoutGrowingThreadsOrMemory() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.always(new FakeKuma.Slow(Duration.ofMillis(300), FakeKuma.OK));
            try (BridgeProcess bridge = serve(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "MAX_CONCURRENT_WEBHOOKS", "4"), dir)) {
                int port = bridge.port();
                // Warmed up with the load measured below, so that the baseline already holds what a first flood
                // touches once (heap pages, compiled code) and only growth per request shows.
                flood(port, 200);
                flood(port, 200);
                long threadsBefore = bridge.procStatus("Threads");
                long rssBefore = bridge.procStatus("VmRSS");
                int[] last = null;
                for (int round = 0; round < 4; round++) {
                    last = flood(port, 200);
                }
                Thread.sleep(500);
                long threadsAfter = bridge.procStatus("Threads");
                long rssAfter = bridge.procStatus("VmRSS");

                assertThat(last[0]).as("answered 200").isGreaterThanOrEqualTo(4);
                assertThat(last[1]).as("answered 503").isGreaterThan(100);
                assertThat(threadsAfter).as("threads").isLessThanOrEqualTo(threadsBefore + 8);
                assertThat(rssAfter).as("RSS in kB").isLessThan(rssBefore + rssBefore / 4);
                assertThat(MetricsTest.parse(httpGet(port, "/metrics")).get(
                        "kumapush_webhooks_received_total{outcome=\"overloaded\"}")).isGreaterThan(100.0);
            }
        }
    }

    /** Sends {@code n} webhooks at once, each with its own message; returns {200 count, 503 count}. */
    private static int[] flood(int port, int n) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(MultiMonitorTest.payload("firing", MultiMonitorTest.alertJson("firing", "Flood" + i, "c", "s")));
        }
        return postAtOnce(port, bodies, "too many webhooks at once");
    }

    /**
     * Posts the bodies at once; returns {200 count, 503 count}. Every other answer fails the test, and every 503 must
     * carry {@code Retry-After: 1} and the given reason.
     */
    private static int[] postAtOnce(int port, List<String> bodies, String busyReason) throws Exception {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String body : bodies) {
                answers.add(pool.submit(() -> post(port, "/push", body)));
            }
        }
        int ok = 0;
        int busy = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as("answer: %s", r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
                assertThat(r.body()).contains(busyReason);
                busy++;
            }
        }
        return new int[] {ok, busy};
    }

    private static String httpGet(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void sigtermLetsAPushInFlightFinishThenExitsZero() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.then(new FakeKuma.Slow(Duration.ofSeconds(2), FakeKuma.OK));
            try (BridgeProcess bridge = serve(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()), dir);
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                int port = bridge.port();
                Future<HttpResponse<String>> inFlight = pool.submit(() -> post(port, "/push", ""));
                kuma.awaitRequests(1, WAIT);

                long start = System.nanoTime();
                int exit = bridge.terminate(WAIT);

                assertThat(exit).isZero();
                assertThat(inFlight.get().statusCode()).isEqualTo(200);
                assertThat(inFlight.get().body()).isEqualTo("OK");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
                assertThat(bridge.output()).contains("stopping").contains("stopped").doesNotContain(FakeKuma.TOKEN);
            }
        }
    }

    @Test
    void checkConfigPrintsTheMonitorsRedactedAndExitsZero() throws Exception {
        try (BridgeProcess check = BridgeProcess.start(Map.of("UPTIME_KUMA_URL",
                "https://kuma.example.com/api/push/" + FakeKuma.TOKEN + "?status=up&msg=OK&ping="), dir,
                "--check-config")) {
            assertThat(check.awaitExit(WAIT)).isZero();
            assertThat(check.output()).contains("configuration OK")
                    .contains("default").contains("https://kuma.example.com/api/push/****")
                    .doesNotContain(FakeKuma.TOKEN);
        }
    }

    @Test
    void checkConfigExitsOneNamingTheProblem() throws Exception {
        try (BridgeProcess check = BridgeProcess.start(Map.of("UPTIME_KUMA_URL", "https://kuma.example.com/x",
                "GET_RETRIES", "0"), dir, "--check-config")) {
            assertThat(check.awaitExit(WAIT)).isEqualTo(1);
            assertThat(check.output()).contains("GET_RETRIES");
        }
    }

    @Test
    void flagsWinOverEnvironmentVariables() throws Exception {
        try (BridgeProcess check = BridgeProcess.start(Map.of("UPTIME_KUMA_URL", "https://kuma.example.com/x",
                "GET_RETRIES", "0"), dir, "--check-config", "--push.retries=5", "--web.listen-address=:9999")) {
            assertThat(check.awaitExit(WAIT)).isZero();
            assertThat(check.output()).contains("push: 5 tries").contains("listen address: :9999");
        }
    }

    @Test
    void thePushCommandSendsOneHeartbeatAndSaysWhatKumaAnswered() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            // A long PUSH_TIMEOUT: a cold JVM's first try must not time out and become two requests.
            try (BridgeProcess push = BridgeProcess.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "PUSH_TIMEOUT", "30s"), dir, "push", "--status", "down", "--msg", "maintenance")) {
                assertThat(push.awaitExit(WAIT)).isZero();
                assertThat(push.output()).contains("delivered").contains("monitor default")
                        .doesNotContain(FakeKuma.TOKEN);
            }
            assertThat(kuma.requests()).singleElement().satisfies(s -> {
                assertThat(s.param("status")).isEqualTo("down");
                assertThat(s.param("msg")).isEqualTo("maintenance");
            });

            String wrong = kuma.pushUrl().replace(FakeKuma.TOKEN, "wrong-token");
            try (BridgeProcess push = BridgeProcess.start(Map.of("UPTIME_KUMA_URL", wrong), dir, "push")) {
                assertThat(push.awaitExit(WAIT)).isEqualTo(1);
                assertThat(push.output()).contains("failed").contains("Monitor not found or not active.");
            }
        }
    }

    @Test
    void versionNamesVersionAndCommit() throws Exception {
        try (BridgeProcess version = BridgeProcess.start(Map.of(), dir, "--version")) {
            assertThat(version.awaitExit(WAIT)).isZero();
            assertThat(version.output()).contains("alertmanager-uptime-kuma-push").contains("commit:");
        }
    }

    /** A YAML configuration read and a payload routed in the process (also run on the release runtime). */
    @Test
    void aConfigFileRoutesAWebhookInTheProcess() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            Path config = dir.resolve("kuma-push.yml");
            Files.writeString(config, """
                    monitors:
                      prod-eu:
                        url: '%s'
                        mode: heartbeat
                    routes:
                      - matchers: ['cluster=~"prod-.*"', 'alertname="Watchdog"']
                        monitor: prod-eu
                    """.formatted(kuma.pushUrl()));
            try (BridgeProcess bridge = serve(Map.of("CONFIG_FILE", config.toString()), dir)) {
                int port = bridge.port();
                String resolved = MultiMonitorTest.payload("resolved",
                        MultiMonitorTest.alertJson("resolved", "Watchdog", "prod-eu", "eu ok"));
                assertThat(post(port, "/push", resolved).statusCode()).isEqualTo(200);
                assertThat(post(port, "/push", "{\"alerts\": 5}").statusCode()).isEqualTo(400);
                assertThat(kuma.requests()).singleElement().satisfies(s -> {
                    assertThat(s.param("status")).isEqualTo("down");
                    assertThat(s.param("msg")).startsWith("Watchdog resolved");
                });
                assertThat(bridge.output()).doesNotContain(FakeKuma.TOKEN);
            }
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            try (BridgeProcess bridge = serve(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "LOG_FORMAT", "json"), dir)) {
                int port = bridge.port();
                assertThat(post(port, "/push", "").statusCode()).isEqualTo(200);
                bridge.awaitOutput("\"msg\":\"webhook ", WAIT);
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                for (String line : bridge.output().lines().toList()) {
                    assertThat(json.readTree(line).path("level").asText()).as(line).isIn("info", "warning", "debug");
                    assertThat(json.readTree(line).path("time").asText()).as(line).isNotEmpty();
                }
                assertThat(bridge.output()).contains("\"msg\":\"push monitor=default status=up result=delivered")
                        .doesNotContain(FakeKuma.TOKEN);
            }
        }
    }
}
