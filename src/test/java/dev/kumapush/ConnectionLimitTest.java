package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MAX_CONNECTIONS in-process: at the bound the connection that has waited longest for a request makes room, a new
 * connection finds no room only when every one is busy, and a connection that ends gives its place back.
 */
class ConnectionLimitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HEALTHZ = "GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n";

    private FakeKuma kuma;
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        kuma = FakeKuma.start();
        bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "MAX_CONNECTIONS", "2",
                "PUSH_TIMEOUT", "30s", "IDLE_TIMEOUT", "30s"));
    }

    @AfterEach
    void stop() {
        bridge.close();
        kuma.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", bridge.port());
        s.setSoTimeout((int) TIMEOUT.toMillis());
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one short answer (its head and a body of "OK" or the like). */
    private static String answer(Socket s) throws IOException {
        byte[] buffer = new byte[4096];
        int n = s.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** True when the server closed the connection (end of stream or a reset), false when it stays open. */
    private static boolean closedByServer(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** A metric, read once a place is free for the scrape (the connections of a test may still be ending). */
    private double metric(String series) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return MetricsTest.parse(bridge.get("/metrics").body()).get(series);
            } catch (IOException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aNewConnectionTakesThePlaceOfTheOneIdleLongest() throws Exception {
        try (Socket oldest = connect(); Socket younger = connect()) {
            send(oldest, HEALTHZ);
            assertThat(answer(oldest)).startsWith("HTTP/1.1 200 OK");
            Thread.sleep(100);
            send(younger, HEALTHZ);
            assertThat(answer(younger)).startsWith("HTTP/1.1 200 OK");

            try (Socket newcomer = connect()) {
                send(newcomer, HEALTHZ + "GET /metrics HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");
                String answers = new String(newcomer.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answers).startsWith("HTTP/1.1 200 OK")
                        .contains("kumapush_http_connections_dropped_total{reason=\"evicted\"} 1.0");
            }
            assertThat(closedByServer(oldest, Duration.ofSeconds(5))).as("the oldest idle one made room").isTrue();
            send(younger, HEALTHZ);
            assertThat(answer(younger)).as("the younger one still serves").startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void whenEveryConnectionIsBusyANewOneIsClosedAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        kuma.always(new FakeKuma.Held(gate, FakeKuma.OK));
        List<Future<Integer>> held = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int i = 0; i < 2; i++) {
                    String body = "{\"status\":\"firing\",\"alerts\":[{\"labels\":{\"alertname\":\"H" + i + "\"}}]}";
                    held.add(pool.submit(() -> RawClient.send(bridge.port(), ("POST /push HTTP/1.1\r\nHost: b\r\n"
                            + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.ISO_8859_1), TIMEOUT).status()));
                }
                assertThat(kuma.awaitRequests(2, TIMEOUT)).hasSize(2);

                RawClient.Result turnedAway = RawClient.send(bridge.port(), HEALTHZ.getBytes(StandardCharsets.US_ASCII),
                        TIMEOUT);
                assertThat(turnedAway.status()).as("%s", turnedAway).isEqualTo(-1);
                assertThat(turnedAway.closed()).isTrue();
                assertThat(turnedAway.elapsed()).isLessThan(Duration.ofSeconds(3));
            } finally {
                gate.countDown();
            }
            for (Future<Integer> answer : held) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        assertThat(metric("kumapush_http_connections_dropped_total{reason=\"refused\"}")).isEqualTo(1.0);
    }

    @Test
    void connectionsThatEndGiveTheirPlaceBack() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(servedWithin(Duration.ofSeconds(5))).as("connection %d", i).isTrue();
        }
        try (Socket a = connect(); Socket b = connect()) {
            send(a, HEALTHZ);
            send(b, HEALTHZ);
            assertThat(answer(a)).startsWith("HTTP/1.1 200 OK");
            assertThat(answer(b)).startsWith("HTTP/1.1 200 OK");
        }
    }

    /**
     * Opens a connection for one request and closes it, until one is served: a place the previous connection held
     * comes back once the server has seen that connection end, which may take a moment on a busy machine, but not
     * seconds.
     */
    private boolean servedWithin(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            RawClient.Result r = RawClient.send(bridge.port(), (HEALTHZ.replace("\r\n\r\n", "\r\nConnection: close"
                    + "\r\n\r\n")).getBytes(StandardCharsets.US_ASCII), TIMEOUT);
            if (r.status() == 200) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
