package dev.kumapush.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the handler contract, with handlers of the test's own: a handler answers exactly once; an
 * {@link HttpError} it throws before answering is answered for it, a failure or a missing answer is a 500 on a
 * closed connection; and a client that does not take its answers is cut off.
 */
class HttpServerTest {
    private static final Duration S = Duration.ofSeconds(5);
    private final List<Integer> refused = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(HttpServer.Handler handler, Duration readTimeout) throws IOException {
        server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), new HttpLimits(16, 4096, 8192, 64, 1 << 20,
                readTimeout, S), handler, new HttpServer.Events() {
                    @Override
                    public void connectionRefused() {
                    }

                    @Override
                    public void connectionEvicted() {
                    }

                    @Override
                    public void refused(int status) {
                        refused.add(status);
                    }
                });
        return server.port();
    }

    private static final byte[] GET = ascii("GET /x HTTP/1.1\r\nHost: b\r\n\r\n");
    private static final byte[] GET_CLOSE = ascii("GET /x HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");

    /** Sends one request on a new connection and reads until the server closes it (or 5 s pass). */
    private static String exchange(int port) throws IOException {
        return exchange(port, GET);
    }

    private static String exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) S.toMillis());
            s.getOutputStream().write(request);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void text(Exchange exchange, int status, String body) throws IOException {
        exchange.respond(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anHttpErrorThrownBeforeAnsweringIsAnsweredWithItsStatusAndReason() throws Exception {
        int port = start(exchange -> {
            throw new HttpError(431, "too much of something");
        }, S);

        // A complete answer to a request without a body keeps the connection; this client asks to close it.
        String answer = exchange(port, GET_CLOSE);

        assertThat(answer).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                .endsWith("\r\n\r\ntoo much of something");
        assertThat(refused).containsExactly(431);
    }

    @Test
    void anHttpErrorThrownAfterAnsweringEndsTheConnectionWithoutASecondAnswer() throws Exception {
        int port = start(exchange -> {
            text(exchange, 200, "first");
            throw new HttpError(400, "too late");
        }, S);

        String answer = exchange(port);

        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nfirst").doesNotContain("too late");
        assertThat(refused).isEmpty();
    }

    @Test
    void aHandlerThatFailsIsA500OnAClosedConnection() throws Exception {
        int port = start(exchange -> {
            throw new IllegalStateException("a bug, with details the client must not see");
        }, S);

        String answer = exchange(port);

        assertThat(answer).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains("Connection: close")
                .endsWith("\r\n\r\ninternal error").doesNotContain("details");
    }

    @Test
    void aHandlerThatFailsAfterAnsweringEndsTheConnection() throws Exception {
        int port = start(exchange -> {
            text(exchange, 200, "done");
            throw new IllegalStateException("after the answer");
        }, S);

        assertThat(exchange(port)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("done")
                .doesNotContain("internal error");
    }

    @Test
    void aRequestLeftUnansweredIsA500OnAClosedConnection() throws Exception {
        int port = start(exchange -> { }, S);

        assertThat(exchange(port)).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains("Connection: close")
                .endsWith("internal error");
    }

    @Test
    void aHandlerAnswersOnlyOnce() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        List<String> failures = new CopyOnWriteArrayList<>();
        int port = start(exchange -> {
            text(exchange, 200, "once");
            try {
                text(exchange, 500, "twice");
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
            second.countDown();
        }, S);

        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) S.toMillis());
            s.getOutputStream().write(GET);
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
            byte[] buffer = new byte[4096];
            String answer = new String(buffer, 0, s.getInputStream().read(buffer), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("once");
        }
        assertThat(failures).containsExactly("already answered with 200");
    }

    @Test
    void aClientThatDoesNotTakeItsAnswersIsCutOffAfterTheReadTimeout() throws Exception {
        byte[] page = "p".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        int port = start(exchange -> exchange.respond(200, "text/plain", page), Duration.ofMillis(500));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setReceiveBufferSize(4096);
            s.setSoTimeout((int) S.toMillis());
            OutputStream out = s.getOutputStream();
            // Many requests at once, and no answer read: the server's writes block once the buffers are full.
            out.write(new String(GET, StandardCharsets.US_ASCII).repeat(2000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(2000);

            long read = 0;
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                }
            } catch (SocketException e) {
                // reset by the server: cut off too
            }
            assertThat(read).as("cut off long before its 2,000 answers").isLessThan(2000L * page.length);
        }
    }

    /** Echoes the path and the length of the {@code X-Pad} field. */
    private static void echo(Exchange exchange) throws IOException {
        text(exchange, 200, exchange.path() + " " + exchange.header("X-Pad").map(String::length).orElse(0));
    }

    private static String request(String target, int pad, boolean close) {
        return "GET " + target + " HTTP/1.1\r\nHost: b\r\n" + (pad > 0 ? "X-Pad: " + "p".repeat(pad) + "\r\n" : "")
                + (close ? "Connection: close\r\n" : "") + "\r\n";
    }

    @Test
    void headsOverOneKibibyteAreReadWholeOneAfterAnotherOnAKeptAliveConnection() throws Exception {
        int port = start(HttpServerTest::echo, S);

        // Sent at once: the second head starts in the buffer the first one grew, the third after it shrank again.
        byte[] requests = ascii(request("/first", 3000, false) + request("/second", 1500, false)
                + request("/third", 0, false) + request("/fourth", 6000, true));
        String answers = exchange(port, requests);

        assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(5);
        assertThat(answers).contains("\r\n\r\n/first 3000HTTP/1.1", "\r\n\r\n/second 1500HTTP/1.1",
                "\r\n\r\n/third 0HTTP/1.1").endsWith("\r\n\r\n/fourth 6000");
    }

    @Test
    void anAbsoluteTargetIsServedAtItsPath() throws Exception {
        int port = start(HttpServerTest::echo, S);

        assertThat(exchange(port, ascii(request("http://bridge:8081/push/eu", 0, true)))).endsWith("/push/eu 0");
        assertThat(exchange(port, ascii(request("HTTPS://bridge/push/eu?x=1", 0, true)))).endsWith("/push/eu 0");
        assertThat(exchange(port, ascii(request("http://bridge:8081", 0, true)))).endsWith("\r\n\r\n/ 0");
        assertThat(exchange(port, ascii(request("http://bridge?x=/push", 0, true)))).endsWith("\r\n\r\n/ 0");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswerOrACount() throws Exception {
        int port = start(HttpServerTest::echo, Duration.ofMillis(300));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) S.toMillis());

            assertThat(s.getInputStream().readAllBytes()).isEmpty();
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void theConnectionBoundHoldsEvictionAfterEviction() throws Exception {
        int port = start(HttpServerTest::echo, Duration.ofSeconds(20));
        List<Socket> sockets = new java.util.ArrayList<>();
        try {
            // 16 is the bound; three rounds of 16 idle connections, each new one making room by closing the oldest.
            for (int i = 0; i < 48; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(50);
                sockets.add(s);
                Thread.sleep(5);
            }
            long deadline = System.nanoTime() + S.toNanos();
            int open;
            do {
                open = stillOpen(sockets);
            } while (open > 16 && System.nanoTime() < deadline);

            assertThat(open).as("connections the server still holds").isEqualTo(16);
            assertThat(stillOpen(sockets.subList(32, 48))).as("the newest are the ones kept").isEqualTo(16);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** How many of these connections the server has not closed (a read waits 50 ms and gets nothing). */
    private static int stillOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            try {
                if (s.getInputStream().read() >= 0) {
                    throw new AssertionError("an idle connection got bytes");
                }
            } catch (java.net.SocketTimeoutException waiting) {
                open++;
            } catch (SocketException reset) {
                // closed by the server
            }
        }
        return open;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
