package dev.kumapush;

import static dev.kumapush.RawClient.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kumapush.kuma.KumaClient;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.kuma.PushUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One push and its tries, against a fake Kuma on loopback: the bounds on time (each try within PUSH_TIMEOUT, the
 * wait for a turn included), on Kuma's answer (64 KiB), and what a push says when it fails or is interrupted.
 */
class KumaClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int KIB_64 = 64 * 1024;

    private FakeKuma kuma;
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        kuma = FakeKuma.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        // Not close(): that waits for every exchange to end, and a test may leave one that never does.
        http.shutdownNow();
        kuma.close();
    }

    private static KumaClient client(HttpClient http, int tries, Duration timeout, Duration backoff, int inFlight) {
        return new KumaClient(http, tries, timeout, backoff, "test", PushObserver.NONE, inFlight);
    }

    private static Monitor monitor(String url) {
        return new Monitor("default", PushUrl.parse(url), Monitor.Mode.HEARTBEAT);
    }

    /**
     * A turn's holder is bounded by its own PUSH_TIMEOUT once its request is sent, so with one client a waiting try
     * gets its turn in time; the bound on the wait shows when the holder is stuck before that, here in the client.
     */
    @Test
    void aTryThatGetsNoTurnFailsWithinPushTimeout() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (StuckFirstSend stuck = new StuckFirstSend(http, gate);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            KumaClient client = client(stuck, 1, Duration.ofMillis(300), Duration.ZERO, 1);
            Monitor monitor = monitor(kuma.pushUrl());
            try {
                Future<PushOutcome> first = pool.submit(() -> client.push(monitor, KumaStatus.UP, "first"));
                assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();

                long start = System.nanoTime();
                PushOutcome second = pool.submit(() -> client.push(monitor, KumaStatus.UP, "second"))
                        .get(10, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(second).isInstanceOf(PushOutcome.Failed.class);
                assertThat(second.answer()).isEqualTo("no turn within 300ms (PUSH_TIMEOUT): 1 requests to Kuma were"
                        + " in flight all that time");
                assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
                assertThat(first.isDone()).as("the first push still holds the turn").isFalse();
            } finally {
                gate.countDown();
            }
            assertThat(kuma.requests()).extracting(s -> s.param("msg")).doesNotContain("second");
        }
    }

    @Test
    void aTurnFreedByAFinishedPushIsTakenByTheNext() {
        KumaClient client = client(http, 1, Duration.ofSeconds(5), Duration.ZERO, 1);
        Monitor monitor = monitor(kuma.pushUrl());

        for (int i = 0; i < 5; i++) {
            assertThat(client.push(monitor, KumaStatus.UP, "push " + i).delivered()).isTrue();
        }
        assertThat(kuma.requests()).hasSize(5);
    }

    @Test
    void theBoundsOfAClientMustBeAtLeastOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> client(http, 0, Duration.ofSeconds(1), Duration.ZERO, 1))
                .withMessage("tries must be at least 1, found 0");
        assertThatIllegalArgumentException().isThrownBy(() -> client(http, 1, Duration.ofSeconds(1), Duration.ZERO, 0))
                .withMessage("maxInFlight must be at least 1, found 0");
    }

    /** Kuma's JSON of exactly {@code length} bytes, with {@code "ok":true} at its very end. */
    private static String okAtTheEnd(int length) {
        String start = "{\"msg\":\"";
        String end = "\",\"ok\":true}";
        return start + "x".repeat(length - start.length() - end.length()) + end;
    }

    @Test
    void anAnswerWhoseOkLiesBeyond64KiBIsNotTakenAsOk() {
        kuma.always(new FakeKuma.Reply(200, "application/json", okAtTheEnd(KIB_64 + 1)));

        PushOutcome outcome = client(http, 1, Duration.ofSeconds(5), Duration.ZERO, 1)
                .push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK");

        assertThat(outcome.delivered()).as("%s", outcome).isFalse();
        assertThat(outcome.answer()).isEqualTo("HTTP 200 but the answer is not Kuma's JSON (wrong URL, or a proxy"
                + " page?)");
    }

    @Test
    void anAnswerOfExactly64KiBIsReadWhole() {
        kuma.always(new FakeKuma.Reply(200, "application/json", okAtTheEnd(KIB_64)));

        PushOutcome outcome = client(http, 1, Duration.ofSeconds(5), Duration.ZERO, 1)
                .push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK");

        assertThat(outcome.delivered()).as("%s", outcome).isTrue();
    }

    @Test
    void anEndlessAnswerIsCutOffAt64KiBAndItsConnectionDropped() throws Exception {
        try (Peer peer = Peer.start(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = ascii("2000\r\n" + " ".repeat(0x2000) + "\r\n");
            while (true) {
                out.write(chunk);
            }
        })) {
            long start = System.nanoTime();
            PushOutcome outcome = client(http, 1, Duration.ofSeconds(10), Duration.ZERO, 1)
                    .push(monitor(peer.pushUrl()), KumaStatus.UP, "OK");

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.answer()).contains("not Kuma's JSON");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(peer.cutOff.await(10, TimeUnit.SECONDS)).as("the bridge stopped reading and closed").isTrue();
        }
    }

    @Test
    void aKumaThatStallsMidAnswerIsCutOffByPushTimeout() throws Exception {
        try (Peer peer = Peer.start(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":"));
            out.flush();
            Thread.sleep(30_000);
        })) {
            long start = System.nanoTime();
            PushOutcome outcome = client(http, 1, Duration.ofMillis(300), Duration.ZERO, 1)
                    .push(monitor(peer.pushUrl()), KumaStatus.UP, "OK");

            assertThat(outcome.answer()).isEqualTo("no answer within 300ms (PUSH_TIMEOUT)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aDroppedConnectionIsDescribedWithTheFirstMessageFound() {
        kuma.always(new FakeKuma.Drop());

        PushOutcome outcome = client(http, 1, Duration.ofSeconds(5), Duration.ZERO, 1)
                .push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK");

        // The JDK's words vary between versions; what matters is the type and that its message is there.
        assertThat(outcome.answer()).matches("cannot reach Kuma: IOException: \\S.*");
    }

    @Test
    void aPushTakesAsLongAsItsTriesAndPauses() {
        kuma.then(FakeKuma.status(500));
        PushOutcome outcome = client(http, 2, Duration.ofSeconds(5), Duration.ofMillis(200), 1)
                .push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK");

        assertThat(outcome).isInstanceOf(PushOutcome.Delivered.class);
        assertThat(outcome.tries()).isEqualTo(2);
        assertThat(outcome.duration()).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    @Test
    void anInterruptDuringTheBackoffEndsThePushAndStaysSet() throws Exception {
        kuma.always(FakeKuma.status(500));
        CountDownLatch firstTryDone = new CountDownLatch(1);
        KumaClient client = new KumaClient(http, 3, Duration.ofSeconds(5), Duration.ofSeconds(30), "test",
                new PushObserver() {
                    @Override
                    public void attempt(Monitor monitor, boolean ok) {
                        firstTryDone.countDown();
                    }

                    @Override
                    public void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome) {
                    }

                    @Override
                    public void joined(Monitor monitor) {
                    }
                }, 1);

        // Told after the first try's answer, before the pause: the interrupt finds the push pausing (or about to).
        Interrupted result = pushAndInterrupt(() -> client.push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK"),
                () -> firstTryDone.await(10, TimeUnit.SECONDS));

        assertThat(result.outcome().answer()).isEqualTo("interrupted while waiting to retry; last: Kuma answered"
                + " HTTP 500");
        assertThat(result.outcome().tries()).isEqualTo(1);
        assertThat(result.stillInterrupted()).isTrue();
    }

    @Test
    void anInterruptWhileWaitingForKumasAnswerEndsThePushAndStaysSet() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        kuma.always(new FakeKuma.Held(gate, FakeKuma.OK));
        KumaClient client = client(http, 1, Duration.ofSeconds(30), Duration.ZERO, 1);
        try {
            Interrupted result = pushAndInterrupt(() -> client.push(monitor(kuma.pushUrl()), KumaStatus.UP, "OK"),
                    () -> kuma.awaitRequests(1, WAIT));

            assertThat(result.outcome().answer()).isEqualTo("interrupted");
            assertThat(result.stillInterrupted()).isTrue();
        } finally {
            gate.countDown();
        }
    }

    @Test
    void anInterruptWhileWaitingForATurnEndsThePushAndStaysSet() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        kuma.always(new FakeKuma.Held(gate, FakeKuma.OK));
        KumaClient client = client(http, 1, Duration.ofSeconds(30), Duration.ZERO, 1);
        Monitor monitor = monitor(kuma.pushUrl());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                pool.submit(() -> client.push(monitor, KumaStatus.UP, "holds the only turn"));
                assertThat(kuma.awaitRequests(1, WAIT)).hasSize(1);

                Interrupted result = pushAndInterrupt(() -> client.push(monitor, KumaStatus.UP, "waits"),
                        () -> Thread.sleep(200));

                assertThat(result.outcome().answer()).isEqualTo("interrupted");
                assertThat(result.stillInterrupted()).isTrue();
                assertThat(kuma.requests()).hasSize(1);
            } finally {
                gate.countDown();
            }
        }
    }

    private record Interrupted(PushOutcome outcome, boolean stillInterrupted) {
    }

    private interface Step {
        void run() throws Exception;
    }

    private interface Push {
        PushOutcome run();
    }

    /** Runs a push on a thread of its own, interrupts it once {@code ready} returns, and waits for the push to end. */
    private static Interrupted pushAndInterrupt(Push push, Step ready) throws Exception {
        CompletableFuture<Interrupted> result = new CompletableFuture<>();
        Thread pusher = Thread.ofVirtual().start(() -> {
            PushOutcome outcome = push.run();
            result.complete(new Interrupted(outcome, Thread.currentThread().isInterrupted()));
        });
        ready.run();
        pusher.interrupt();
        return result.get(10, TimeUnit.SECONDS);
    }

    /** The JDK's client, except that its first send is stuck until the gate opens (the first try holds its turn). */
    private static final class StuckFirstSend extends HttpClient {
        private final HttpClient real;
        private final CountDownLatch gate;
        private final AtomicBoolean first = new AtomicBoolean(true);
        final CountDownLatch entered = new CountDownLatch(1);

        StuckFirstSend(HttpClient real, CountDownLatch gate) {
            this.real = real;
            this.gate = gate;
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler) {
            if (first.getAndSet(false)) {
                entered.countDown();
                try {
                    gate.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            return sendAsync(request, handler);
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            throw new UnsupportedOperationException("pushes use sendAsync");
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return real.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return real.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return real.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return real.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return real.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return real.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return real.authenticator();
        }

        @Override
        public Version version() {
            return real.version();
        }

        @Override
        public Optional<Executor> executor() {
            return real.executor();
        }
    }

    /** What a peer does with its connection after reading the request head. */
    private interface Script {
        void answer(OutputStream out) throws Exception;
    }

    /** A server that answers one request with raw bytes, as no well-behaved Kuma would. */
    private static final class Peer implements AutoCloseable {
        private final ServerSocket server;
        /** Counted down when writing failed: the client closed the connection. */
        final CountDownLatch cutOff = new CountDownLatch(1);
        private final AtomicBoolean closing = new AtomicBoolean();

        private Peer(ServerSocket server) {
            this.server = server;
        }

        static Peer start(Script script) throws IOException {
            Peer peer = new Peer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().start(() -> peer.serve(script));
            return peer;
        }

        String pushUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/api/push/" + FakeKuma.TOKEN;
        }

        private void serve(Script script) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] head = new byte[4];
                while (!new String(head, StandardCharsets.ISO_8859_1).equals("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        return;
                    }
                    System.arraycopy(head, 1, head, 0, 3);
                    head[3] = (byte) c;
                }
                script.answer(s.getOutputStream());
            } catch (IOException e) {
                if (!closing.get()) {
                    cutOff.countDown();
                }
            } catch (Exception e) {
                // interrupted or closed: the test is over
            }
        }

        @Override
        public void close() throws IOException {
            closing.set(true);
            server.close();
        }
    }
}
