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
 * Requests written byte for byte, each with the exact answer it gets: a malformed request is refused with a 4xx or
 * 5xx and a closed connection as soon as the server can tell, and is never pushed; a well-formed one in an unusual
 * shape (chunked, HTTP/1.0, absolute target, 100-continue) is served.
 */
class HttpFramingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String HOST = "Host: bridge\r\n";
    private static final String WEBHOOK = "{\"status\":\"firing\",\"alerts\":[]}";
    private static FakeKuma kuma;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        kuma = FakeKuma.start();
        bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "MAX_BODY_SIZE", "1MiB"));
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

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("HTTP/1.1 without Host", ascii("POST /push HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), 400,
                        "HTTP/1.1 request without a Host header"),
                Arguments.of("two Host headers", ascii("POST /push HTTP/1.1\r\n" + HOST + HOST + "\r\n"), 400,
                        "more than one Host header"),
                Arguments.of("a Host with a space", ascii("POST /push HTTP/1.1\r\nHost: a b\r\n\r\n"), 400,
                        "malformed Host header"),
                Arguments.of("an unknown version", ascii("POST /push HTTP/9.9\r\n" + HOST + "\r\n"), 505,
                        "HTTP version not supported"),
                Arguments.of("the HTTP/2 preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 505,
                        "HTTP version not supported"),
                Arguments.of("a version that is not one", ascii("POST /push HTTP/1\r\n" + HOST + "\r\n"), 400,
                        "malformed HTTP version"),
                Arguments.of("no version", ascii("GET /push\r\n\r\n"), 400, "malformed request target"),
                Arguments.of("a Content-Length with a sign", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: +2\r\n\r\n{}"), 400, "Content-Length is not a number of bytes"),
                Arguments.of("a Content-Length list", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: 2, 2\r\n\r\n{}"), 400, "Content-Length is not a number of bytes"),
                Arguments.of("two Content-Lengths", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} "), 400, "more than one Content-Length header"),
                Arguments.of("Content-Length and chunked", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400,
                        "both Content-Length and Transfer-Encoding"),
                Arguments.of("chunked, identity", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"), 400,
                        "chunked is not the final transfer coding"),
                Arguments.of("gzip alone", ascii("POST /push HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\n"),
                        400, "the final transfer coding is not chunked"),
                Arguments.of("gzip, chunked", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"), 501,
                        "transfer codings other than chunked are not supported"),
                Arguments.of("chunked in HTTP/1.0", ascii("POST /push HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                        400, "Transfer-Encoding in an HTTP/1.0 request"),
                Arguments.of("a chunk size that is not hex", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"), 400, "malformed chunk size"),
                Arguments.of("a chunk size of 72 bits", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n"), 413,
                        "body larger than MAX_BODY_SIZE (1048576 bytes)"),
                Arguments.of("chunk data longer than its size", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n"), 400,
                        "chunk data longer than its size"),
                Arguments.of("a bare LF chunk line", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n"), 400, "malformed chunk size"),
                Arguments.of("bare LF line ends", ascii("POST /push HTTP/1.1\nHost: bridge\nContent-Length: 0\n\n"), 400,
                        "bare LF as line end"),
                Arguments.of("a bare CR", ascii("POST /push HTTP/1.1\rHost: bridge\r\n\r\n"), 400,
                        "bare CR in the request line"),
                Arguments.of("a request line of 64 KiB", ascii("GET /" + "a".repeat(65_536) + " HTTP/1.1\r\n" + HOST
                        + "\r\n"), 414, "request line longer than 4096 bytes"),
                Arguments.of("a method of 10 KiB", ascii("A".repeat(10_240) + " /push HTTP/1.1\r\n" + HOST + "\r\n"),
                        414, "request line longer than 4096 bytes"),
                Arguments.of("10,000 header fields", ascii("GET /push HTTP/1.1\r\n" + HOST + "X-N: v\r\n".repeat(10_000)
                        + "\r\n"), 431, "too many header fields"),
                Arguments.of("a header field of 1 MiB", ascii("GET /push HTTP/1.1\r\n" + HOST + "X-Big: "
                        + "v".repeat(1 << 20) + "\r\n\r\n"), 431, "header fields longer than 8192 bytes"),
                Arguments.of("a method with ESC and CR", ascii("PO\u001bS\rT /push HTTP/1.1\r\n" + HOST + "\r\n"), 400,
                        "the method is not a token"),
                Arguments.of("a method with DEL", ascii("G\u007fET /push HTTP/1.1\r\n" + HOST + "\r\n"), 400,
                        "the method is not a token"),
                Arguments.of("a target with a control character", ascii("GET /pu\u0007sh HTTP/1.1\r\n" + HOST + "\r\n"),
                        400, "malformed request target"),
                Arguments.of("a target with a byte above ASCII", ascii("GET /pu\u00e9sh HTTP/1.1\r\n" + HOST + "\r\n"),
                        400, "malformed request target"),
                Arguments.of("two spaces in the request line", ascii("GET  /push HTTP/1.1\r\n" + HOST + "\r\n"), 400,
                        "malformed request target"),
                Arguments.of("a fragment in the target", ascii("GET /push#x HTTP/1.1\r\n" + HOST + "\r\n"), 400,
                        "a fragment in the request target"),
                Arguments.of("an authority target", ascii("CONNECT kuma:443 HTTP/1.1\r\n" + HOST + "\r\n"), 400,
                        "malformed request target"),
                Arguments.of("obsolete line folding", ascii("GET /push HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n"),
                        400, "obsolete line folding or white space before a header field"),
                Arguments.of("white space before a colon", ascii("GET /push HTTP/1.1\r\nHost : bridge\r\n\r\n"), 400,
                        "white space before a header field's colon"),
                Arguments.of("a control character in a value", ascii("GET /push HTTP/1.1\r\n" + HOST
                        + "X-A: a\u001bb\r\n\r\n"), 400, "control character in a header field"),
                Arguments.of("a header line without a colon", ascii("GET /push HTTP/1.1\r\n" + HOST + "Oops\r\n\r\n"),
                        400, "malformed header field name"),
                Arguments.of("an unknown expectation", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Expect: something\r\nContent-Length: 0\r\n\r\n"), 417,
                        "only the expectation 100-continue is supported"),
                Arguments.of("TLS spoken to plain HTTP", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00},
                        400, "malformed request line"),
                Arguments.of("a body over the limit", ascii("POST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: 20000000\r\n\r\n" + "x".repeat(100_000)), 413,
                        "body larger than MAX_BODY_SIZE (1048576 bytes)"),
                Arguments.of("a chunked body over the limit", chunked(1100, 1024), 413,
                        "body larger than MAX_BODY_SIZE (1048576 bytes)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRequestIsRefusedAtOnceAndNeverPushed(String what, byte[] request, int status, String reason)
            throws Exception {
        RawClient.Result r = RawClient.send(bridge.port(), request, TIMEOUT);

        assertThat(r.status()).as("status of %s; got %s", what, r).isEqualTo(status);
        assertThat(r.body()).contains(reason);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.closed()).as("closed after the answer").isTrue();
        assertThat(r.elapsed()).as("answered at once, not after a timeout").isLessThan(Duration.ofSeconds(2));
        assertThat(kuma.requests()).as("never pushed").isEmpty();
    }

    static Stream<Arguments> wellFormed() {
        String chunkedWebhook = "POST /push HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\n{\"sta\r\n" + Integer.toHexString(WEBHOOK.length() - 5) + "\r\n" + WEBHOOK.substring(5)
                + "\r\n0\r\nX-Trailer: ignored\r\n\r\n";
        return Stream.of(
                Arguments.of("Content-Length", "POST /push HTTP/1.1\r\n" + HOST + "Content-Length: " + WEBHOOK.length()
                        + "\r\n\r\n" + WEBHOOK),
                Arguments.of("chunked, with an extension and a trailer", chunkedWebhook),
                Arguments.of("HTTP/1.0 without Host", "POST /push HTTP/1.0\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("an absolute target", "POST http://bridge:8081/push?x=1 HTTP/1.1\r\n" + HOST
                        + "Content-Length: 0\r\n\r\n"),
                Arguments.of("an empty line before the request", "\r\nPOST /push HTTP/1.1\r\n" + HOST
                        + "Content-Length: 0\r\n\r\n"),
                Arguments.of("a lower-case header with tabs", "POST /push HTTP/1.1\r\nhost:\tbridge \t\r\n"
                        + "content-length:\t0\r\n\r\n"),
                Arguments.of("any token as the method", "X-PUSH.v2 /push HTTP/1.1\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void aWellFormedRequestIsServed(String what, String request) throws Exception {
        RawClient.Result r = RawClient.send(bridge.port(), ascii(request), TIMEOUT);

        assertThat(r.status()).as("%s: %s", what, r).isEqualTo(200);
        assertThat(r.body()).isEqualTo("OK");
        assertThat(kuma.requests()).hasSize(1);
    }

    @Test
    void expectContinueGetsAHundredBeforeTheBody() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", bridge.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("POST /push HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n"
                    + "Content-Length: " + WEBHOOK.length() + "\r\n\r\n"));
            byte[] interim = new byte[25];
            int n = s.getInputStream().readNBytes(interim, 0, interim.length);
            assertThat(new String(interim, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            s.getOutputStream().write(ascii(WEBHOOK));
            byte[] head = new byte[15];
            s.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aRefusedExpectContinueGetsNoHundred() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", bridge.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("POST /push HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n"
                    + "Content-Length: 2000000\r\n\r\n"));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413 Content Too Large\r\n").doesNotContain("100 Continue");
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsOneAfterAnother() throws Exception {
        String one = "POST /push HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n";
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", bridge.port())) {
            s.setSoTimeout(5000);
            // Two requests in one write (pipelined), then a third after the answers.
            s.getOutputStream().write(ascii(one + "GET /healthz HTTP/1.1\r\n" + HOST + "\r\n"));
            String answers = readAnswers(s, 2);
            assertThat(answers).startsWith("HTTP/1.1 200 OK").contains("\r\n\r\nOKHTTP/1.1 200 OK")
                    .doesNotContain("Connection: close");
            s.getOutputStream().write(ascii(one));
            assertThat(readAnswers(s, 1)).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(kuma.requests()).hasSize(2);
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        RawClient.Result r = RawClient.send(bridge.port(), ascii("HEAD /healthz HTTP/1.1\r\n" + HOST
                + "Connection: close\r\n\r\n"), TIMEOUT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("2");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void aClientThatStopsMidHeadIsAnswered408AfterTheReadTimeout() throws Exception {
        try (RunningBridge quick = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "READ_TIMEOUT",
                "300ms"))) {
            RawClient.Result r = RawClient.send(quick.port(), ascii("POST /push HTTP/1.1\r\nHo"), TIMEOUT);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.closed()).isTrue();
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(kuma.requests()).isEmpty();
    }

    /** Reads until {@code n} answers with a body of "OK" have arrived. */
    private static String readAnswers(java.net.Socket s, int n) throws java.io.IOException {
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (got.toString().split("\r\n\r\nOK", -1).length <= n) {
            int read = s.getInputStream().read(buffer);
            if (read < 0) {
                break;
            }
            got.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        }
        return got.toString();
    }

    /**
     * A chunked webhook of about {@code chunks} chunks of {@code size} bytes each: a payload whose one long string
     * keeps the reader going until the body's limit stops it.
     */
    private static byte[] chunked(int chunks, int size) {
        StringBuilder b = new StringBuilder("POST /push HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n");
        String start = "{\"status\":\"firing\",\"alerts\":[],\"padding\":\"";
        b.append(Integer.toHexString(start.length())).append("\r\n").append(start).append("\r\n");
        String data = "x".repeat(size);
        for (int i = 0; i < chunks; i++) {
            b.append(Integer.toHexString(size)).append("\r\n").append(data).append("\r\n");
        }
        return ascii(b.append("2\r\n\"}\r\n0\r\n\r\n").toString());
    }
}
