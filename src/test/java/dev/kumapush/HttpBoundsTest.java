package dev.kumapush;

import static dev.kumapush.RawClient.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bound of the HTTP server at its edge, with the smallest settings allowed: a request exactly at a bound is
 * served, one byte (or one line) beyond it is refused with the status that names the bound.
 */
class HttpBoundsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int LINE = 64;
    private static final int HEADERS = 256;
    private static final int BODY = 64;
    private static final String WEBHOOK = "{\"status\":\"firing\",\"alerts\":[]}";
    private static FakeKuma kuma;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        kuma = FakeKuma.start();
        bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "MAX_REQUEST_LINE_SIZE", "64",
                "MAX_HEADER_SIZE", "256", "MAX_HEADERS", "4", "MAX_BODY_SIZE", "64"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        kuma.close();
    }

    @BeforeEach
    void forget() {
        kuma.forget();
    }

    /** A request line of exactly {@code length} bytes (without its CRLF) for /healthz. */
    private static String requestLine(int length) {
        String start = "GET /healthz?p=";
        String end = " HTTP/1.1";
        return start + "x".repeat(length - start.length() - end.length()) + end;
    }

    /** Header lines of exactly {@code length} bytes together, each with its CRLF, Host first. */
    private static String headerLines(int length) {
        String host = "Host: b\r\n";
        String name = "X-Pad: ";
        return host + name + "v".repeat(length - host.length() - name.length() - 2) + "\r\n";
    }

    /** The webhook padded with white space (which JSON allows) to exactly {@code length} bytes. */
    private static String webhookOf(int length) {
        return WEBHOOK + " ".repeat(length - WEBHOOK.length());
    }

    private static String chunked(String body) {
        int half = body.length() / 2;
        return Integer.toHexString(half) + "\r\n" + body.substring(0, half) + "\r\n"
                + Integer.toHexString(body.length() - half) + "\r\n" + body.substring(half) + "\r\n0\r\n\r\n";
    }

    static Stream<Arguments> edges() {
        String post = "POST /push HTTP/1.1\r\nHost: b\r\n";
        return Stream.of(
                Arguments.of("a request line of exactly MAX_REQUEST_LINE_SIZE", requestLine(LINE) + "\r\nHost: b\r\n\r\n",
                        200, "OK"),
                Arguments.of("a request line one byte longer", requestLine(LINE + 1) + "\r\nHost: b\r\n\r\n", 414,
                        "request line longer than 64 bytes"),
                Arguments.of("header lines of exactly MAX_HEADER_SIZE", "GET /healthz HTTP/1.1\r\n"
                        + headerLines(HEADERS) + "\r\n", 200, "OK"),
                Arguments.of("header lines one byte longer", "GET /healthz HTTP/1.1\r\n" + headerLines(HEADERS + 1)
                        + "\r\n", 431, "header fields longer than 256 bytes"),
                Arguments.of("MAX_HEADERS header lines", "GET /healthz HTTP/1.1\r\nHost: b\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
                        200, "OK"),
                Arguments.of("one header line more", "GET /healthz HTTP/1.1\r\nHost: b\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n"
                        + "\r\n", 431, "too many header fields"),
                Arguments.of("a body of exactly MAX_BODY_SIZE", post + "Content-Length: " + BODY + "\r\n\r\n"
                        + webhookOf(BODY), 200, "OK"),
                Arguments.of("a body one byte larger", post + "Content-Length: " + (BODY + 1) + "\r\n\r\n"
                        + webhookOf(BODY + 1), 413, "body larger than MAX_BODY_SIZE (64 bytes)"),
                Arguments.of("chunks of exactly MAX_BODY_SIZE", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + chunked(webhookOf(BODY)), 200, "OK"),
                Arguments.of("chunks one byte larger", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + chunked(webhookOf(BODY + 1)), 413, "body larger than MAX_BODY_SIZE (64 bytes)"),
                Arguments.of("a header whose value is only white space", "GET /healthz HTTP/1.1\r\nHost: b\r\n"
                        + "X-Empty: \t  \r\n\r\n", 200, "OK"),
                Arguments.of("a target with DEL", "GET /healthz\u007f HTTP/1.1\r\nHost: b\r\n\r\n", 400,
                        "malformed request target"),
                Arguments.of("a chunk size with white space before an extension", post
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(WEBHOOK.length()) + " \t;a=b\r\n"
                        + WEBHOOK + "\r\n0\r\n\r\n", 200, "OK"),
                Arguments.of("white space inside a chunk size", post + "Transfer-Encoding: chunked\r\n\r\n1 0\r\n", 400,
                        "malformed chunk size"),
                Arguments.of("a chunk size line with a control character", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5;\u0001\r\n", 400, "malformed chunk size"),
                Arguments.of("a chunk size line with DEL", post + "Transfer-Encoding: chunked\r\n\r\n5;\u007f\r\n", 400,
                        "malformed chunk size"),
                Arguments.of("a chunk size line longer than 4 KiB", post + "Transfer-Encoding: chunked\r\n\r\n5;"
                        + "e".repeat(4100) + "\r\n", 400, "chunk-size line too long"),
                Arguments.of("a chunk size line of exactly 4 KiB", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(WEBHOOK.length()) + ";" + "e".repeat(4093) + "\r\n" + WEBHOOK
                        + "\r\n0\r\n\r\n", 200, "OK"),
                Arguments.of("a trailer with a control character", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(WEBHOOK.length()) + "\r\n" + WEBHOOK + "\r\n0\r\nX: a\u0001\r\n\r\n", 400,
                        "malformed trailer section"),
                Arguments.of("a trailer section longer than 4 KiB", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(WEBHOOK.length()) + "\r\n" + WEBHOOK + "\r\n0\r\n"
                        + ("X: " + "t".repeat(1000) + "\r\n").repeat(5) + "\r\n", 400, "trailer section too long"),
                Arguments.of("a trailer section of two lines", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(WEBHOOK.length()) + "\r\n" + WEBHOOK + "\r\n0\r\nX: 1\r\nY: 2\r\n\r\n", 200,
                        "OK"),
                Arguments.of("a bare CR after a chunk size", post + "Transfer-Encoding: chunked\r\n\r\n5\rx", 400,
                        "bare CR in the chunked body"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("edges")
    void aRequestAtABoundIsServedAndOneBeyondItIsRefused(String what, String request, int status, String body)
            throws Exception {
        RawClient.Result r = RawClient.send(bridge.port(), ascii(request), TIMEOUT);

        assertThat(r.status()).as("%s: %s", what, r).isEqualTo(status);
        assertThat(r.body()).contains(body);
        if (status != 200) {
            assertThat(r.closed()).as("closed after a refusal").isTrue();
            assertThat(kuma.requests()).as("never pushed").isEmpty();
        }
    }

    @Test
    void aRefusedClientThatKeepsSendingStillGetsItsAnswer() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", bridge.port())) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.setSendBufferSize(16 * 1024);
            s.getOutputStream().write(ascii("POST /push HTTP/1.1\r\nHost: b\r\nContent-Length: 1900000\r\n\r\n"));
            // The whole body, as a client does that has not read the answer yet: without the server reading and
            // dropping it after its answer, the connection would be reset and the answer lost with it.
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < 1_900_000; sent += chunk.length) {
                s.getOutputStream().write(chunk, 0, Math.min(chunk.length, 1_900_000 - sent));
            }
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Connection: close")
                    .endsWith("body larger than MAX_BODY_SIZE (64 bytes)");
        }
        assertThat(kuma.requests()).isEmpty();
    }

    @Test
    void aKeptAliveConnectionAfterABigRequestStillServesTheNext() throws Exception {
        String big = requestLine(LINE) + "\r\n" + headerLines(HEADERS) + "\r\n";
        String small = "GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n";

        try (java.net.Socket s = new java.net.Socket("127.0.0.1", bridge.port())) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.getOutputStream().write(ascii(big + big + small));
            String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answers.split("HTTP/1.1 200 OK", -1)).as("three answers on one connection: %s", answers)
                    .hasSize(4);
        }
    }
}
