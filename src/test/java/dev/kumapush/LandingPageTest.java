package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /}: what the bridge last received and what Kuma last said, for a person, with nothing injectable. */
class LandingPageTest {
    @TempDir
    Path dir;

    @Test
    void thePageShowsEachMonitorsLastPushAndTheLastWebhook() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            HttpResponse<String> before = bridge.get("/");
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(before.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p ->
                    assertThat(p).contains("default-src 'none'"));
            assertThat(before.body()).contains("<h1>alertmanager-uptime-kuma-push</h1>")
                    .contains("Version test (commit abc123)")
                    .contains("<td>default</td><td>http://127.0.0.1:" + kuma.port() + "/api/push/****</td>"
                            + "<td>heartbeat</td><td colspan=\"5\">no push yet</td>")
                    .contains("none yet").contains("<a href=\"metrics\">").contains("<a href=\"healthz\">")
                    .contains("<a href=\"readyz\">").doesNotContain("<script").doesNotContain(FakeKuma.TOKEN);

            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            String after = bridge.get("/").body();
            assertThat(after).containsPattern("<td>20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</td><td>up</td>"
                    + "<td>delivered</td><td>1</td><td class=\"answer\">ok</td>")
                    .containsPattern("\\d\\dZ, from Java-http-client/").doesNotContain(FakeKuma.TOKEN);
        }
    }

    @Test
    void aHostileAnswerOrUserAgentCannotInjectMarkup() throws Exception {
        String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\\\"'&amp;";
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.always(new FakeKuma.Reply(200, "application/json", "{\"ok\":false,\"msg\":\"" + hostile + "\"}"));
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "GET_RETRIES", "1"))) {
                String request = "POST /push HTTP/1.1\r\nHost: b\r\nUser-Agent: <b>evil</b>\"'\u0085x\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n";
                assertThat(RawClient.send(bridge.port(), request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.time.Duration.ofSeconds(10)).status()).isEqualTo(500);
                String page = bridge.get("/").body();

                assertThat(page).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>evil")
                        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
                        .contains("&lt;b&gt;evil&lt;/b&gt;&quot;&#39; x")
                        .contains("&amp;amp;");
            }
        }
    }

    @Test
    void thePageIsGuardedLikeMetrics() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", "page-token", "METRICS_REQUIRE_AUTH", "true"))) {
            assertThat(bridge.get("/").statusCode()).isEqualTo(401);
            assertThat(bridge.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(bridge.get("/healthz").statusCode()).isEqualTo(200);
        }
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge open = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", "page-token"))) {
            assertThat(open.get("/").statusCode()).as("open, as /metrics is, without METRICS_REQUIRE_AUTH")
                    .isEqualTo(200);
        }
    }

    @Test
    void otherMethodsThanGetAreRefused() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            HttpResponse<String> answer = bridge.post("/", "");
            assertThat(answer.statusCode()).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void monitorsFromAConfigFileAreListedWithTheirMode() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            Path config = Files.writeString(dir.resolve("c.yml"), """
                    monitors:
                      db:
                        url: '%s'
                        mode: status
                    """.formatted(kuma.pushUrl()));
            try (RunningBridge bridge = RunningBridge.start(Map.of("CONFIG_FILE", config.toString()))) {
                assertThat(bridge.get("/").body()).contains("<td>db</td>").contains("<td>status</td>");
            }
        }
    }
}
