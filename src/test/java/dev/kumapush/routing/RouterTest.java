package dev.kumapush.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.AlertStatus;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushUrl;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private static final Monitor EU = monitor("prod-eu", Monitor.Mode.HEARTBEAT);
    private static final Monitor US = monitor("prod-us", Monitor.Mode.HEARTBEAT);
    private static final Monitor STAGING = monitor("staging", Monitor.Mode.STATUS);
    private static final Monitor CATCH_ALL = monitor("catch-all", Monitor.Mode.HEARTBEAT);

    private static Monitor monitor(String name, Monitor.Mode mode) {
        return new Monitor(name, PushUrl.parse("https://kuma.example.com/api/push/" + name + "-token"), mode);
    }

    private static Payload payload(String resource) throws Exception {
        try (InputStream in = RouterTest.class.getResourceAsStream("/payloads/" + resource)) {
            return new PayloadReader().read(in.readAllBytes());
        }
    }

    private static Router router(Optional<String> fallback) {
        Map<String, Monitor> monitors = new LinkedHashMap<>();
        for (Monitor m : List.of(EU, US, STAGING, CATCH_ALL)) {
            monitors.put(m.name(), m);
        }
        return new Router(monitors, List.of(
                new Route(MatcherParser.parse("cluster=\"prod-eu\""), "prod-eu"),
                new Route(MatcherParser.parse("cluster=~\"prod-.*\""), "prod-us"),
                new Route(MatcherParser.parse("cluster=\"staging\""), "staging")), fallback);
    }

    @Test
    void aFiringWatchdogIsAnUpHeartbeatWithItsSummary() throws Exception {
        Router.Plan plan = router(Optional.empty()).toMonitor(EU, payload("watchdog-firing.json"));

        assertThat(plan.pushes()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(KumaStatus.UP);
            assertThat(p.msg()).isEqualTo("Watchdog firing (1 alert): Alerting pipeline is working.");
        });
    }

    @Test
    void aResolvedWatchdogIsDown() throws Exception {
        Router.Plan plan = router(Optional.empty()).toMonitor(EU, payload("watchdog-resolved.json"));

        assertThat(plan.pushes()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(KumaStatus.DOWN);
            assertThat(p.msg()).isEqualTo("Watchdog resolved (1 alert): Alerting pipeline is working.");
        });
    }

    @ParameterizedTest
    @CsvSource({"watchdog-firing.json, HEARTBEAT, UP", "watchdog-resolved.json, HEARTBEAT, DOWN",
        "watchdog-firing.json, STATUS, DOWN", "watchdog-resolved.json, STATUS, UP"})
    void theMonitorsModeDecidesUpOrDown(String resource, Monitor.Mode mode, KumaStatus expected) throws Exception {
        Router.Plan plan = router(Optional.empty()).toMonitor(monitor("m", mode), payload(resource));
        assertThat(plan.pushes().get(0).status()).isEqualTo(expected);
    }

    @Test
    void anEmptyBodyIsAPlainUpHeartbeatWhateverTheMode() {
        assertThat(router(Optional.empty()).toMonitor(STAGING, Payload.EMPTY).pushes())
                .singleElement().satisfies(p -> {
                    assertThat(p.status()).isEqualTo(KumaStatus.UP);
                    assertThat(p.msg()).isEqualTo("OK");
                });
    }

    @Test
    void alertsAreRoutedFirstMatchWinsAndGroupedPerMonitor() throws Exception {
        Router.Plan plan = router(Optional.of("catch-all")).route(payload("clusters.json"));

        assertThat(plan.pushes()).extracting(p -> p.monitor().name())
                .containsExactly("prod-eu", "prod-us", "staging", "catch-all");
        assertThat(plan.pushes()).extracting(PushPlan::status)
                .containsExactly(KumaStatus.UP, KumaStatus.UP, KumaStatus.UP, KumaStatus.UP);
        assertThat(plan.pushes().get(0).msg()).isEqualTo("Watchdog firing (1 alert): eu ok");
        assertThat(plan.pushes().get(2).msg()).isEqualTo("Watchdog resolved (1 alert): staging ok");
        assertThat(plan.pushes().get(3).msg()).isEqualTo("Watchdog firing (1 alert)");
        assertThat(plan.unrouted()).isEmpty();
    }

    @Test
    void withoutADefaultUnmatchedAlertsAreReportedNotDropped() throws Exception {
        Router.Plan plan = router(Optional.empty()).route(payload("clusters.json"));

        assertThat(plan.pushes()).hasSize(3);
        assertThat(plan.unrouted()).extracting(a -> a.labels().get("cluster")).containsExactly("lab");
    }

    @Test
    void anyFiringAlertMakesTheMonitorsPushFiring() {
        Alert firing = alert("KubeNodeDown", AlertStatus.FIRING, "node down");
        Alert resolved = alert("KubeNodeDown", AlertStatus.RESOLVED, "node back");
        Payload mixed = new Payload("4", AlertStatus.FIRING, List.of(resolved, firing), Map.of(), Map.of(), Map.of(), 0);

        PushPlan push = router(Optional.empty()).toMonitor(EU, mixed).pushes().get(0);

        assertThat(push.status()).isEqualTo(KumaStatus.UP);
        assertThat(push.msg()).isEqualTo("KubeNodeDown firing (2 alerts): node down");
    }

    @Test
    void truncatedAlertsCountInTheMessage() throws Exception {
        PushPlan push = router(Optional.empty()).toMonitor(EU, payload("truncated.json")).pushes().get(0);
        assertThat(push.msg()).isEqualTo("KubePodCrashLooping firing (7 alerts): Pod is crash looping.");
    }

    @Test
    void severalAlertNamesAreListed() throws Exception {
        Payload p = new Payload("4", AlertStatus.FIRING, List.of(alert("A", AlertStatus.FIRING, null),
                alert("B", AlertStatus.FIRING, null), alert("A", AlertStatus.FIRING, null)), Map.of(), Map.of(),
                Map.of(), 0);
        assertThat(router(Optional.empty()).toMonitor(EU, p).pushes().get(0).msg()).isEqualTo("A, B firing (3 alerts)");
    }

    @Test
    void theMessageIsAtMost200CodePointsAndNeverCutInsideACharacter() {
        String summary = "🔥".repeat(300);
        Payload p = new Payload("4", AlertStatus.FIRING, List.of(alert("Watchdog", AlertStatus.FIRING, summary)),
                Map.of(), Map.of(), Map.of(), 0);

        String msg = router(Optional.empty()).toMonitor(EU, p).pushes().get(0).msg();

        assertThat(msg.codePointCount(0, msg.length())).isEqualTo(200);
        assertThat(msg).startsWith("Watchdog firing (1 alert): 🔥").endsWith("🔥…");
        assertThat(msg.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("no lone surrogate").isEmpty();
    }

    @Test
    void theMessageIsOneLine() {
        Payload p = new Payload("4", AlertStatus.FIRING, List.of(alert("Watchdog", AlertStatus.FIRING, "a\nb\r\nc")),
                Map.of(), Map.of(), Map.of(), 0);
        assertThat(router(Optional.empty()).toMonitor(EU, p).pushes().get(0).msg())
                .isEqualTo("Watchdog firing (1 alert): a b c");
    }

    private static Alert alert(String name, AlertStatus status, String summary) {
        return new Alert(status, Map.of("alertname", name),
                summary == null ? Map.of() : Map.of("summary", summary), "", "", "");
    }
}
