package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything a request can put into a log line (the path, alert names, Kuma's answer, a method) is escaped and cut
 * short, in text and JSON lines alike: no client can start a line of its own, hide text or make a line long.
 */
@Tag("process")
class LogForgeryTest {
    /** C0 and C1 controls, DEL, line and paragraph separators, a bidirectional override, and a forged line. */
    private static final String FORGED = "\u001b[31mred\r\n2026-01-01T00:00:00Z ERROR forged line\u0007\u0085"
            + "\u009b\u007f\u2028\u2029\u202e";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void everyLoggedValueFromARequestIsEscaped(String format) throws Exception {
        String kumaSays = "{\"ok\":false,\"msg\":\"\\u001b[2Jbad\\r\\nINFO forged by kuma\\u2028\\u0085\"}";
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.always(new FakeKuma.Reply(200, "application/json", kumaSays));
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    monitors:
                      m:
                        url: '%s'
                    routes:
                      - matchers: ['cluster="nowhere"']
                        monitor: m
                    """.formatted(kuma.pushUrl()));
            try (BridgeProcess bridge = BridgeProcess.serveAsShipped(Map.of("CONFIG_FILE", config.toString(),
                    "LOG_FORMAT", format, "GET_RETRIES", "1"), dir)) {
                int port = bridge.port();
                String json = jsonString(FORGED + "x".repeat(5_000));
                String unrouted = "{\"status\":\"firing\",\"alerts\":[{\"labels\":{\"alertname\":" + json + "}}]}";
                assertThat(send(port, "POST", "/push", unrouted).status()).isEqualTo(422);
                assertThat(send(port, "POST", "/push/m", "").status()).as("Kuma's ok:false").isEqualTo(500);
                assertThat(send(port, "POST", "/push/%1b%0d%0a" + "y".repeat(3000), "").status()).isEqualTo(404);
                assertThat(send(port, "X-" + "M".repeat(2000), "/push/m", "").status()).isEqualTo(500);
                bridge.awaitOutput("matched no route", WAIT);
                bridge.awaitOutput("forged by kuma", WAIT);

                String output = bridge.output();
                List<String> lines = output.lines().toList();
                assertThat(lines).hasSizeGreaterThan(4);
                for (String line : lines) {
                    assertThat(line.chars().filter(c -> c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028
                            || c == 0x2029 || c == 0x202e)).as("raw control characters in %s", line).isEmpty();
                    assertThat(line.length()).as("a bounded line").isLessThan(1500);
                    assertThat(line).doesNotStartWith("2026-01-01").doesNotStartWith("INFO forged");
                }
                StringBuilder messages = new StringBuilder();
                if (format.equals("json")) {
                    ObjectMapper mapper = new ObjectMapper();
                    for (String line : lines) {
                        JsonNode event = mapper.readTree(line);
                        messages.append(event.path("msg").asText()).append('\n');
                    }
                } else {
                    messages.append(output);
                }
                assertThat(messages.toString()).contains("\\x1b[31mred\\r\\n2026-01-01T00:00:00Z ERROR forged line"
                        + "\\x07\\x85\\x9b\\x7f\\u2028\\u2029\\u202e").contains("…");
                assertThat(output).doesNotContain(FakeKuma.TOKEN);
            }
        }
    }

    private static RawClient.Result send(int port, String method, String path, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: bridge\r\nConnection: close\r\nContent-Length: "
                + content.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + content.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(content, 0, request, head.length(), content.length);
        return RawClient.send(port, request, WAIT);
    }

    /** A JSON string literal, every character outside printable ASCII written as an escape. */
    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
