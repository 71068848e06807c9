package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.FakeKuma.Seen;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Alertmanager sends its webhooks to the bridge, and the bridge pushes to a fake Kuma. */
@Tag("alertmanager")
class AlertmanagerEndToEndTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsAlertmanager() {
        Alertmanager.binary();
    }

    @Test
    void aFiringWatchdogBecomesHeartbeatsInKuma() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()));
                Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString())) {
            am.postAlert("Watchdog", "pipeline ok", Instant.now(), null);

            List<Seen> pushes = kuma.awaitRequests(2, Duration.ofSeconds(15));

            assertThat(pushes).as("pushes Kuma received; Alertmanager log: %s", am.log()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pushes).allSatisfy(push -> assertThat(push.param("status")).isEqualTo("up"));
            assertThat(am.failedNotifications()).isEmpty();
        }
    }

    @Test
    void whenKumaFailsForAWhileAlertmanagersRetriesGetTheHeartbeatThrough() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            // Each webhook makes one try; the first three webhooks fail and are answered 500.
            kuma.then(FakeKuma.status(503), FakeKuma.status(502), new FakeKuma.Drop(), new FakeKuma.Drop(),
                    FakeKuma.status(500));
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "GET_RETRIES", "1"));
                    Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString())) {
                am.postAlert("Watchdog", "pipeline ok", Instant.now(), null);

                List<Seen> pushes = kuma.awaitRequests(6, Duration.ofSeconds(30));

                assertThat(pushes).as("pushes Kuma received; Alertmanager log: %s", am.log()).hasSizeGreaterThanOrEqualTo(6);
                assertThat(am.failedNotifications()).as("Alertmanager saw the failures").isNotEmpty();
            }
        }
    }

    @Test
    void aFiringThenResolvedWatchdogPushesUpThenDown() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl()));
                Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString())) {
            Instant started = Instant.now().minusSeconds(60);
            am.postAlert("Watchdog", "pipeline ok", started, null);
            List<Seen> firing = kuma.awaitRequests(1, Duration.ofSeconds(15));
            assertThat(firing).as("Alertmanager log: %s", am.log()).isNotEmpty();
            assertThat(firing.get(0).param("status")).isEqualTo("up");
            assertThat(firing.get(0).param("msg")).isEqualTo("Watchdog firing (1 alert): pipeline ok");

            am.postAlert("Watchdog", "pipeline ok", started, Instant.now().minusSeconds(1));

            Seen down = awaitPush(kuma, "down", Duration.ofSeconds(15));
            assertThat(down.param("msg")).isEqualTo("Watchdog resolved (1 alert): pipeline ok");
        }
    }

    private static Seen awaitPush(FakeKuma kuma, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Seen seen : kuma.requests()) {
                if (status.equals(seen.param("status"))) {
                    return seen;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no push with status=" + status + "; Kuma saw " + kuma.requests().stream()
                .map(s -> s.param("status")).toList());
    }

    @Test
    void alertmanagersBearerTokenOpensTheGuardedWebhook() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", "am-to-bridge-token"));
                Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString(), "am-to-bridge-token")) {
            am.postAlert("Watchdog", "pipeline ok", Instant.now(), null);

            assertThat(kuma.awaitRequests(1, Duration.ofSeconds(15))).as("Alertmanager log: %s", am.log())
                    .isNotEmpty();
            assertThat(am.failedNotifications()).isEmpty();
        }
    }

    @Test
    void withoutTheTokenAlertmanagersWebhooksAreRefused() throws Exception {
        try (FakeKuma kuma = FakeKuma.start();
                RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                        "WEBHOOK_BEARER_TOKEN", "am-to-bridge-token"));
                Alertmanager am = Alertmanager.start(dir, bridge.uri("/push").toString(), "a-wrong-token")) {
            am.postAlert("Watchdog", "pipeline ok", Instant.now(), null);

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (am.failedNotifications().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(am.failedNotifications()).as("Alertmanager log: %s", am.log()).isNotEmpty();
            assertThat(am.log()).contains("401");
            assertThat(kuma.requests()).isEmpty();
        }
    }
}
