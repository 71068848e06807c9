package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /metrics} after real traffic, parsed as Prometheus would. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    /** Samples by name and labels as written, e.g. {@code kumapush_pushes_total{monitor="default",...}}. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a valid sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    @Test
    void metricsCountWebhooksPushesAndTries() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "GET_RETRIES", "3"))) {
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            kuma.then(FakeKuma.status(500), FakeKuma.status(500), FakeKuma.status(500));
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(500);
            assertThat(bridge.post("/push", "{").statusCode()).isEqualTo(400);
            long before = System.currentTimeMillis() / 1000;

            HttpResponse<String> scrape = bridge.get("/metrics");

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
            String text = scrape.body();
            assertThat(text).doesNotContain(FakeKuma.TOKEN).doesNotContain("127.0.0.1");
            Map<String, Double> m = parse(text);
            assertThat(m).containsEntry("kumapush_webhooks_received_total{outcome=\"delivered\"}", 1.0)
                    .containsEntry("kumapush_webhooks_received_total{outcome=\"push_failed\"}", 1.0)
                    .containsEntry("kumapush_webhooks_received_total{outcome=\"bad_request\"}", 1.0)
                    .containsEntry("kumapush_pushes_total{monitor=\"default\",result=\"delivered\",status=\"up\"}", 1.0)
                    .containsEntry("kumapush_pushes_total{monitor=\"default\",result=\"failed\",status=\"up\"}", 1.0)
                    .containsEntry("kumapush_push_attempts_total{monitor=\"default\",result=\"ok\"}", 1.0)
                    .containsEntry("kumapush_push_attempts_total{monitor=\"default\",result=\"error\"}", 3.0)
                    .containsEntry("kumapush_push_duration_seconds_count{monitor=\"default\"}", 2.0)
                    .containsEntry("kumapush_build_info{revision=\"abc123\",version=\"test\"}", 1.0)
                    .containsEntry("kumapush_alerts_unrouted_total", 0.0);
            assertThat(m.get("kumapush_last_success_timestamp_seconds{monitor=\"default\"}"))
                    .isBetween(before - 60.0, before + 60.0);
        }
    }

    /** A client that got its answer and then scrapes must find its webhook counted, every time. */
    @Test
    void aWebhookIsCountedBeforeItIsAnswered() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            for (int i = 1; i <= 100; i++) {
                assertThat(bridge.post("/push", "{").statusCode()).isEqualTo(400);
                assertThat(parse(bridge.get("/metrics").body()))
                        .as("scrape right after bad webhook number %d", i)
                        .containsEntry("kumapush_webhooks_received_total{outcome=\"bad_request\"}", (double) i);
            }
        }
    }

    @Test
    void everyMonitorHasSeriesBeforeItsFirstPush() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            Map<String, Double> m = parse(bridge.get("/metrics").body());
            assertThat(m).containsEntry("kumapush_last_success_timestamp_seconds{monitor=\"default\"}", 0.0)
                    .containsEntry("kumapush_push_attempts_total{monitor=\"default\",result=\"error\"}", 0.0);
        }
    }
}
