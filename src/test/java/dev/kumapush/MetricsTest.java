package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void alertsThatNoMonitorTakesAreCounted(@TempDir Path dir) throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            Path config = Files.writeString(dir.resolve("kuma-push.yml"), """
                    monitors:
                      prod:
                        url: '%s'
                    routes:
                      - matchers: ['cluster="prod"']
                        monitor: prod
                    """.formatted(kuma.pushUrl()));
            try (RunningBridge bridge = RunningBridge.start(Map.of("CONFIG_FILE", config.toString()))) {
                assertThat(bridge.post("/push", MultiMonitorTest.payload("firing",
                        MultiMonitorTest.alertJson("firing", "Watchdog", "prod", "ok"),
                        MultiMonitorTest.alertJson("firing", "Watchdog", "lab", "ok"),
                        MultiMonitorTest.alertJson("firing", "DiskFull", "lab", "full"))).statusCode()).isEqualTo(200);
                assertThat(parse(bridge.get("/metrics").body())).containsEntry("kumapush_alerts_unrouted_total", 2.0);

                assertThat(bridge.post("/push", MultiMonitorTest.payload("firing",
                        MultiMonitorTest.alertJson("firing", "Watchdog", "lab", "ok"))).statusCode()).isEqualTo(422);
                assertThat(parse(bridge.get("/metrics").body())).containsEntry("kumapush_alerts_unrouted_total", 3.0)
                        .containsEntry("kumapush_webhooks_received_total{outcome=\"unrouted\"}", 1.0)
                        .containsEntry("kumapush_webhooks_received_total{outcome=\"delivered\"}", 1.0);
            }
        }
    }

    @Test
    void aFailedPushLeavesTheLastSuccessAsItWas() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "GET_RETRIES", "1"))) {
            kuma.always(FakeKuma.status(500));
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(500);

            assertThat(parse(bridge.get("/metrics").body()))
                    .containsEntry("kumapush_last_success_timestamp_seconds{monitor=\"default\"}", 0.0)
                    .containsEntry("kumapush_pushes_total{monitor=\"default\",result=\"failed\",status=\"up\"}", 1.0);
        }
    }

    @Test
    void pushDurationsAreMeasuredInSeconds() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            kuma.then(new FakeKuma.Slow(Duration.ofMillis(300), FakeKuma.OK));
            assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);

            Map<String, Double> m = parse(bridge.get("/metrics").body());
            assertThat(m.get("kumapush_push_duration_seconds_sum{monitor=\"default\"}")).isBetween(0.3, 10.0);
            assertThat(m).containsEntry("kumapush_push_duration_seconds_bucket{monitor=\"default\",le=\"0.25\"}", 0.0)
                    .containsEntry("kumapush_push_duration_seconds_bucket{monitor=\"default\",le=\"30.0\"}", 1.0);
        }
    }

    @Test
    void requestsTheServerRefusesItselfAreCountedByCode() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()))) {
            byte[] noHost = "POST /push HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                assertThat(RawClient.send(bridge.port(), noHost, Duration.ofSeconds(5)).status()).isEqualTo(400);
            }
            byte[] badChunk = ("POST /push HTTP/1.1\r\nHost: b\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            assertThat(RawClient.send(bridge.port(), badChunk, Duration.ofSeconds(5)).status()).isEqualTo(400);

            // A broken body is the webhook's own 400: counted with the webhooks, not as a request the server refused.
            assertThat(parse(bridge.get("/metrics").body()))
                    .containsEntry("kumapush_http_requests_refused_total{code=\"400\"}", 2.0)
                    .containsEntry("kumapush_webhooks_received_total{outcome=\"bad_request\"}", 1.0);
            assertThat(kuma.requests()).isEmpty();
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
