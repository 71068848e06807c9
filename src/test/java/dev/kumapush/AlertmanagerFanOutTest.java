package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Alertmanager sends one Watchdog webhook; a route with {@code continue: true} feeds two Kuma instances. */
@Tag("alertmanager")
class AlertmanagerFanOutTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsAlertmanager() {
        Alertmanager.binary();
    }

    @Test
    void oneWatchdogThroughAlertmanagerReachesTwoKumas() throws Exception {
        try (FakeKuma inside = FakeKuma.start(); FakeKuma outside = FakeKuma.start()) {
            Path config = Files.writeString(dir.resolve("bridge.yml"), """
                    monitors:
                      in-cluster:
                        url: '%s'
                      outside:
                        url: '%s'
                    routes:
                      - matchers: ['alertname="Watchdog"']
                        monitor: in-cluster
                        continue: true
                      - matchers: ['alertname="Watchdog"']
                        monitor: outside
                    """.formatted(inside.pushUrl(), outside.pushUrl()));
            try (RunningBridge bridge = RunningBridge.start(Map.of("CONFIG_FILE", config.toString()));
                    Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString())) {
                am.postAlert("Watchdog", "pipeline ok", Instant.now(), null);

                for (FakeKuma kuma : new FakeKuma[] {inside, outside}) {
                    assertThat(kuma.awaitRequests(1, Duration.ofSeconds(15))).as("Alertmanager log: %s", am.log())
                            .isNotEmpty().first().satisfies(push -> {
                                assertThat(push.param("status")).isEqualTo("up");
                                assertThat(push.param("msg")).isEqualTo("Watchdog firing (1 alert): pipeline ok");
                            });
                }
                // One webhook each time: both Kumas hear of every one, none more often than the other.
                int webhooks = Math.min(inside.requests().size(), outside.requests().size());
                assertThat(Math.abs(inside.requests().size() - outside.requests().size())).isLessThanOrEqualTo(1);
                assertThat(webhooks).isPositive();
                assertThat(am.failedNotifications()).isEmpty();
            }
        }
    }
}
