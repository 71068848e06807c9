package dev.kumapush;

import static dev.kumapush.RawClient.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every webhook gives back what it took, however it ended: its place among {@code MAX_CONCURRENT_WEBHOOKS} (else
 * every later webhook would get 503) and its count among those in flight (else shutdown would wait its whole grace
 * period for webhooks that are long gone).
 */
class WebhookSlotsTest {
    private static final String TOKEN = "slots-t0ken";
    private static final String WEBHOOK = "{\"status\":\"firing\",\"alerts\":[]}";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private FakeKuma kuma;
    private RunningBridge bridge;

    @BeforeEach
    void startKuma() throws Exception {
        kuma = FakeKuma.start();
    }

    /** A place is given back just after the answer is sent: a client quick enough can be back before that. */
    private void startBridge(int maxConcurrent) throws Exception {
        bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "WEBHOOK_BEARER_TOKEN", TOKEN,
                "MAX_CONCURRENT_WEBHOOKS", String.valueOf(maxConcurrent), "MAX_BODY_SIZE", "1KiB", "GET_RETRIES", "1",
                "PUSH_TIMEOUT", "30s"));
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        kuma.close();
    }

    /** Posts a webhook until it is not refused as one too many, for at most a few seconds; its last status. */
    private int servedWithin(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        int status;
        do {
            status = post("/push", WEBHOOK, TOKEN);
        } while (status == 503 && System.nanoTime() < deadline && sleep());
        return status;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    private int post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(bridge.uri(path)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String head(String extra) {
        return "POST /push HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer " + TOKEN + "\r\n" + extra + "\r\n";
    }

    /** Sends part of a declared body, then closes the connection. */
    private void disconnectMidBody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port())) {
            s.getOutputStream().write(ascii(head("Content-Length: 500\r\n") + "{\"status\":\"fir"));
            s.getOutputStream().flush();
        }
    }

    @Test
    void webhooksOfEveryOutcomeOneAfterAnotherLeaveTheNextOneServed() throws Exception {
        startBridge(3);
        for (int round = 0; round < 4; round++) {
            assertThat(post("/push", WEBHOOK, TOKEN)).isEqualTo(200);
            assertThat(post("/push", "{", TOKEN)).isEqualTo(400);
            assertThat(post("/push", "x".repeat(2000), TOKEN)).isEqualTo(413);
            assertThat(post("/push/nobody", WEBHOOK, TOKEN)).isEqualTo(404);
            assertThat(post("/push", WEBHOOK, "wrong")).isEqualTo(401);
            assertThat(RawClient.send(bridge.port(), ascii(head("Transfer-Encoding: chunked\r\n")
                    + ("100\r\n" + " ".repeat(0x100) + "\r\n").repeat(5) + "0\r\n\r\n"), TIMEOUT).status())
                    .isEqualTo(413);
            disconnectMidBody();
        }
        kuma.always(FakeKuma.status(500));
        assertThat(post("/push", WEBHOOK, TOKEN)).isEqualTo(500);
        kuma.always(FakeKuma.OK);

        assertThat(post("/push", WEBHOOK, TOKEN)).isEqualTo(200);
        assertShutdownFindsNothingInFlight();
    }

    @Test
    void moreWebhooksAtOnceThanTheLimitLeaveTheNextOneServed() throws Exception {
        startBridge(2);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Integer>> answers;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                answers = holdBothPlaces(pool, gate);
                for (int i = 0; i < 10; i++) {
                    assertThat(post("/push", WEBHOOK, TOKEN)).as("beyond the limit").isEqualTo(503);
                }
                // Refused before its body is read, like the ten: its client hangs up on the 503.
                disconnectMidBody();
            } finally {
                gate.countDown();
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        assertThat(MetricsTest.parse(bridge.get("/metrics").body()))
                .containsEntry("kumapush_webhooks_received_total{outcome=\"overloaded\"}", 11.0);

        for (int i = 0; i < 3; i++) {
            assertThat(servedWithin(Duration.ofSeconds(5))).isEqualTo(200);
        }
        assertShutdownFindsNothingInFlight();
    }

    @Test
    void anOverloadedWebhookIsToldWhenToComeBackAndItsConnectionClosed() throws Exception {
        startBridge(2);
        CountDownLatch gate = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                holdBothPlaces(pool, gate);

                RawClient.Result r = RawClient.send(bridge.port(), ascii(head("Content-Length: "
                        + WEBHOOK.length() + "\r\n") + WEBHOOK), TIMEOUT);

                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.body()).isEqualTo("too many webhooks at once (MAX_CONCURRENT_WEBHOOKS=2)");
                assertThat(r.closed()).isTrue();
            } finally {
                gate.countDown();
            }
        }
    }

    @Test
    void aStopSaysSoWhenAWebhookIsStillInFlightAtTheEndOfTheGracePeriod() throws Exception {
        startBridge(2);
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = holdBothPlaces(pool, gate);

            long start = System.nanoTime();
            assertThat(bridge.stop(Duration.ofMillis(300))).as("drained").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            for (Future<Integer> answer : answers) {
                assertThatThrownBy(answer::get).as("cut off at the end of the grace period, never answered")
                        .isInstanceOf(ExecutionException.class);
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * Two different webhooks (not joined into one push) that take both places while Kuma holds their pushes until
     * the gate opens; their answers.
     */
    private List<Future<Integer>> holdBothPlaces(ExecutorService pool, CountDownLatch gate) throws Exception {
        kuma.then(new FakeKuma.Held(gate, FakeKuma.OK), new FakeKuma.Held(gate, FakeKuma.OK));
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String body = "{\"status\":\"firing\",\"alerts\":[{\"labels\":{\"alertname\":\"A" + i + "\"}}]}";
            answers.add(pool.submit(() -> post("/push", body, TOKEN)));
        }
        assertThat(kuma.awaitRequests(2, TIMEOUT)).hasSize(2);
        return answers;
    }

    /** Shutdown returns at once, drained: nothing is counted in flight any more. */
    private void assertShutdownFindsNothingInFlight() {
        long start = System.nanoTime();
        assertThat(bridge.stop(Duration.ofSeconds(5))).as("drained").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
