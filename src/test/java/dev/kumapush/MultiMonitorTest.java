package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bridge, a configuration file, two Kuma monitors: routing, per-monitor answers, joining. */
class MultiMonitorTest {
    private static final String WATCHDOG_EU = alertJson("firing", "Watchdog", "prod-eu", "eu ok");
    private static final String WATCHDOG_US = alertJson("firing", "Watchdog", "prod-us", "us ok");
    private static final String WATCHDOG_LAB = alertJson("firing", "Watchdog", "lab", "lab ok");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private FakeKuma eu;
    private FakeKuma us;
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        eu = FakeKuma.start();
        us = FakeKuma.start();
        Path config = dir.resolve("kuma-push.yml");
        Files.writeString(config, """
                monitors:
                  prod-eu:
                    url: '%s'
                  prod-us:
                    url: '%s'
                    mode: heartbeat
                routes:
                  - matchers: ['cluster="prod-eu"']
                    monitor: prod-eu
                  - matchers: ['cluster=~"prod-.*"']
                    monitor: prod-us
                """.formatted(eu.pushUrl(), us.pushUrl()));
        // A long PUSH_TIMEOUT: the tests that hold Kuma's answer must not see the bridge give up and try again.
        bridge = RunningBridge.start(Map.of("CONFIG_FILE", config.toString(), "GET_RETRIES", "2",
                "PUSH_TIMEOUT", "30s"));
    }

    @AfterEach
    void stop() {
        bridge.close();
        eu.close();
        us.close();
    }

    @Test
    void eachAlertGoesToTheMonitorItsRoutePicks() throws Exception {
        HttpResponse<String> answer = bridge.post("/push", payload("firing", WATCHDOG_EU, WATCHDOG_US));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(eu.requests()).singleElement().satisfies(s -> {
            assertThat(s.param("status")).isEqualTo("up");
            assertThat(s.param("msg")).isEqualTo("Watchdog firing (1 alert): eu ok");
        });
        assertThat(us.requests()).singleElement().satisfies(s -> assertThat(s.param("msg")).contains("us ok"));
    }

    @Test
    void aResolvedWatchdogPushesDown() throws Exception {
        assertThat(bridge.post("/push", payload("resolved", alertJson("resolved", "Watchdog", "prod-eu", "eu ok")))
                .statusCode()).isEqualTo(200);
        assertThat(eu.requests()).singleElement().satisfies(s -> {
            assertThat(s.param("status")).isEqualTo("down");
            assertThat(s.param("msg")).isEqualTo("Watchdog resolved (1 alert): eu ok");
        });
    }

    @Test
    void oneFailedMonitorMakesTheWholeWebhookFail() throws Exception {
        us.always(FakeKuma.status(503));
        HttpResponse<String> answer = bridge.post("/push", payload("firing", WATCHDOG_EU, WATCHDOG_US));

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("push to monitor prod-us failed after 2 tries").doesNotContain("prod-eu");
        assertThat(eu.requests()).hasSize(1);
    }

    @Test
    void alertsNoRouteTakesAreRefusedWith422AndNothingIsPushed() throws Exception {
        HttpResponse<String> answer = bridge.post("/push", payload("firing", WATCHDOG_LAB));

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("no route matched");
        assertThat(eu.requests()).isEmpty();
        assertThat(us.requests()).isEmpty();
    }

    @Test
    void routedAlertsArePushedEvenWhenOthersFindNoRoute() throws Exception {
        assertThat(bridge.post("/push", payload("firing", WATCHDOG_EU, WATCHDOG_LAB)).statusCode()).isEqualTo(200);
        assertThat(eu.requests()).hasSize(1);
    }

    @Test
    void anEmptyBodyOnPushWithoutADefaultMonitorIs422() throws Exception {
        assertThat(bridge.post("/push", "").statusCode()).isEqualTo(422);
    }

    @Test
    void aNamedMonitorTakesTheWholePayload() throws Exception {
        assertThat(bridge.post("/push/prod-us", payload("firing", WATCHDOG_EU, WATCHDOG_LAB)).statusCode())
                .isEqualTo(200);
        assertThat(eu.requests()).isEmpty();
        assertThat(us.requests()).singleElement()
                .satisfies(s -> assertThat(s.param("msg")).isEqualTo("Watchdog firing (2 alerts): eu ok"));
    }

    @Test
    void anEmptyBodyToANamedMonitorIsAPlainHeartbeat() throws Exception {
        assertThat(bridge.post("/push/prod-eu", "").statusCode()).isEqualTo(200);
        assertThat(eu.requests()).singleElement().satisfies(s -> {
            assertThat(s.param("status")).isEqualTo("up");
            assertThat(s.param("msg")).isEqualTo("OK");
        });
    }

    @Test
    void aBodyThatIsNotJsonIs400AndNothingIsPushed() throws Exception {
        HttpResponse<String> answer = bridge.post("/push/prod-eu", "status=firing");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("invalid webhook payload: not valid JSON");
        assertThat(eu.requests()).isEmpty();
    }

    @Test
    void identicalWebhooksInFlightMakeOnePush() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        eu.then(new FakeKuma.Held(gate, FakeKuma.OK));
        String body = payload("firing", WATCHDOG_EU);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int i = 0; i < 20; i++) {
                    answers.add(pool.submit(() -> bridge.post("/push", body)));
                }
                // Kuma holds the first push until all the others have joined it.
                assertThat(eu.awaitRequests(1, WAIT)).hasSize(1);
                awaitJoined("prod-eu", 19);
            } finally {
                gate.countDown();
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        }
        assertThat(eu.requests()).hasSize(1);
    }

    @Test
    void aChangeOfStatusIsNotHeldBackByAPushInFlight() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        eu.then(new FakeKuma.Held(gate, FakeKuma.OK));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                Future<HttpResponse<String>> heldUp = pool.submit(() -> bridge.post("/push", payload("firing", WATCHDOG_EU)));
                assertThat(eu.awaitRequests(1, WAIT)).hasSize(1);

                // Kuma still holds "up": "down" must go through anyway (a join or a queue would wait for the gate).
                HttpResponse<String> down = pool.submit(() -> bridge.post("/push",
                        payload("resolved", alertJson("resolved", "Watchdog", "prod-eu", "eu ok"))))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(down.statusCode()).isEqualTo(200);
                assertThat(heldUp).isNotDone();
                assertThat(eu.requests()).extracting(s -> s.param("status")).containsExactly("up", "down");
                gate.countDown();
                assertThat(heldUp.get().statusCode()).isEqualTo(200);
            } finally {
                gate.countDown();
            }
        }
    }

    /** Waits until this many pushes to the monitor joined one in flight, as the bridge counts them. */
    private void awaitJoined(String monitor, int joined) throws Exception {
        String series = "kumapush_pushes_joined_total{monitor=\"" + monitor + "\"}";
        long deadline = System.nanoTime() + WAIT.toNanos();
        Double seen = null;
        while (System.nanoTime() < deadline) {
            seen = MetricsTest.parse(bridge.get("/metrics").body()).get(series);
            if (seen != null && seen >= joined) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(seen).as(series).isEqualTo((double) joined);
    }

    static String alertJson(String status, String name, String cluster, String summary) {
        return """
                {"status":"%s","labels":{"alertname":"%s","cluster":"%s"},"annotations":{"summary":"%s"},\
                "startsAt":"2026-11-24T12:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"%s"}"""
                .formatted(status, name, cluster, summary, Integer.toHexString((name + cluster).hashCode()));
    }

    static String payload(String status, String... alerts) {
        return """
                {"version":"4","status":"%s","receiver":"kuma","alerts":[%s],"groupLabels":{},"commonLabels":{},\
                "commonAnnotations":{},"externalURL":"http://am:9093","truncatedAlerts":0}"""
                .formatted(status, String.join(",", alerts));
    }
}
