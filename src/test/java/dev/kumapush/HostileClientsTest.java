package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What anyone who reaches the port can do, against the bridge as the launcher starts it (pom.xml's jvm.flags, the
 * shipped heap, exit on OutOfMemoryError): hold connections with half-sent requests, flood it with webhooks, send
 * dense payloads. After each, the process is alive and a normal webhook is pushed.
 */
@Tag("process")
class HostileClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aThousandHeldPartialRequestsLockNoWebhookOut() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()), dir)) {
            holdPartialRequests(bridge, kuma, 1000);
        }
    }

    @Test
    void twoThousandWebhooksAtOnceAreEachPushedRefusedOrTurnedAway() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()), dir)) {
            flood(bridge, kuma, 2000);
        }
    }

    @Test
    void eightDenseMebibytePayloadsAtOnceAreEachRead() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()), dir)) {
            densePayloads(bridge, kuma, 8);
        }
    }

    @Test
    void insideA64MebibyteMemoryLimitTheBridgeSurvivesAllOfIt() throws Exception {
        MemoryCgroup.Result made = MemoryCgroup.create(64 * MIB);
        if (made.cgroup().isEmpty()) {
            String why = "no 64 MiB memory cgroup: " + made.reason();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: this test must run)");
            }
            Assumptions.abort(why);
        }
        try (MemoryCgroup cgroup = made.cgroup().get(); FakeKuma kuma = FakeKuma.start()) {
            try (BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()), dir,
                    cgroup::wrap)) {
                holdPartialRequests(bridge, kuma, 1000);
                flood(bridge, kuma, 2000);
                densePayloads(bridge, kuma, 8);
                flood(bridge, kuma, 512);
                assertThat(cgroup.oomKills()).as("killed by the kernel for want of memory").isZero();
                assertThat(cgroup.peak()).isLessThanOrEqualTo(64 * MIB);
                System.out.printf("64 MiB cgroup: peak %.1f MiB (page cache included), failcnt %d%n",
                        cgroup.peak() / (double) MIB, cgroup.failures());
            }
        }
    }

    /** Holds {@code n} connections that each sent part of a request head, then checks a webhook still gets through. */
    private static void holdPartialRequests(BridgeProcess bridge, FakeKuma kuma, int n) throws Exception {
        int port = bridge.port();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("POST /push HTTP/1.1\r\nHost: bridge\r\nContent-Le"
                        .getBytes(StandardCharsets.US_ASCII));
                held.add(s);
            }
            int before = kuma.requests().size();
            long start = System.nanoTime();
            RawClient.Result r = RawClient.send(port, webhook("HeldOut", "x"), WAIT);
            assertThat(r.status()).as("a webhook while %s connections are held: %s", n, r).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(kuma.requests()).hasSize(before + 1);
            assertAlive(bridge);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * Sends {@code n} different webhooks at once: each must be answered 200 and pushed, answered 503 with
     * {@code Retry-After}, or turned away at once (closed without an answer, at the connection bound).
     */
    private static void flood(BridgeProcess bridge, FakeKuma kuma, int n) throws Exception {
        int port = bridge.port();
        int before = kuma.requests().size();
        List<Future<RawClient.Result>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                byte[] request = webhook("Flood" + i, "load");
                sent.add(clients.submit(() -> RawClient.send(port, request, WAIT)));
            }
        }
        int ok = 0;
        int busy = 0;
        int turnedAway = 0;
        for (Future<RawClient.Result> f : sent) {
            RawClient.Result r = f.get();
            assertThat(r.elapsed()).as("every webhook answered or turned away in time: %s", r).isLessThan(WAIT);
            if (r.status() == 200) {
                ok++;
            } else if (r.status() == 503) {
                assertThat(r.header("Retry-After")).isEqualTo("1");
                busy++;
            } else {
                assertThat(r.refused()).as("neither 200 nor 503, so turned away at once: %s", r).isTrue();
                turnedAway++;
            }
        }
        assertThat(bridge.alive()).as("the bridge is running after %s webhooks at once; it printed: %s", n,
                bridge.output()).isTrue();
        assertThat(ok).as("pushed (%s answered 503, %s turned away)", busy, turnedAway).isPositive();
        assertThat(kuma.requests().size() - before).as("every 200 was a push").isGreaterThanOrEqualTo(ok);
        assertAlive(bridge);
    }

    /** Sends {@code n} payloads of 1 MiB at once, each an alerts array of empty objects (349,514 alerts). */
    private static void densePayloads(BridgeProcess bridge, FakeKuma kuma, int n) throws Exception {
        int port = bridge.port();
        String start = "{\"status\":\"firing\",\"alerts\":[{}";
        int alerts = (int) ((MIB - start.length() - 2) / 3) + 1;
        String body = start + ",{}".repeat(alerts - 1) + "]}";
        assertThat((long) body.length()).isLessThanOrEqualTo(MIB);
        byte[] request = post(body);
        List<Future<RawClient.Result>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                sent.add(clients.submit(() -> RawClient.send(port, request, WAIT)));
            }
        }
        for (Future<RawClient.Result> f : sent) {
            RawClient.Result r = f.get();
            assertThat(r.status()).as("a dense payload: %s", r).isEqualTo(200);
        }
        assertThat(kuma.requests().get(kuma.requests().size() - 1).param("msg"))
                .isEqualTo("alerts firing (" + alerts + " alerts)");
        assertAlive(bridge);
    }

    /** Alive, not ended by the JVM's OutOfMemoryError, and pushing a normal webhook. */
    private static void assertAlive(BridgeProcess bridge) throws IOException {
        assertThat(bridge.alive()).as("the bridge is running; it printed: %s", bridge.output()).isTrue();
        assertThat(bridge.output()).doesNotContain("OutOfMemoryError").doesNotContain(FakeKuma.TOKEN);
        RawClient.Result r = RawClient.send(bridge.port(), webhook("AfterTheAttack", "fine"), WAIT);
        assertThat(r.status()).as("a normal webhook afterwards: %s", r).isEqualTo(200);
    }

    private static byte[] webhook(String alertname, String summary) {
        return post(MultiMonitorTest.payload("firing", MultiMonitorTest.alertJson("firing", alertname, "c", summary)));
    }

    private static byte[] post(String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /push HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\nContent-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(head.length + content.length);
        try (OutputStream o = out) {
            o.write(head);
            o.write(content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
