package dev.kumapush.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.AlertStatus;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.alertmanager.PayloadStream;
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

    /** Reads a payload resource through the streaming reader into the fold, as the webhook handler does. */
    private static PushFold.Plan plan(PushFold fold, Router router, String resource) throws Exception {
        try (InputStream in = RouterTest.class.getResourceAsStream("/payloads/" + resource);
                PayloadStream alerts = new PayloadReader().open(in, router.labelNames())) {
            for (Alert a = alerts.next(); a != null; a = alerts.next()) {
                fold.add(a);
            }
            return fold.plan(alerts.payload());
        }
    }

    private static PushFold.Plan plan(PushFold fold, Payload payload, Alert... alerts) {
        for (Alert a : alerts) {
            fold.add(a);
        }
        return fold.plan(payload);
    }

    private static Map<String, Monitor> monitors() {
        Map<String, Monitor> monitors = new LinkedHashMap<>();
        for (Monitor m : List.of(EU, US, STAGING, CATCH_ALL)) {
            monitors.put(m.name(), m);
        }
        return monitors;
    }

    private static Router router(Optional<String> fallback) {
        return new Router(monitors(), List.of(
                new Route(MatcherParser.parse("cluster=\"prod-eu\""), "prod-eu", false),
                new Route(MatcherParser.parse("cluster=~\"prod-.*\""), "prod-us", false),
                new Route(MatcherParser.parse("cluster=\"staging\""), "staging", false)), fallback);
    }

    private static Router router(Optional<String> fallback, Route... routes) {
        return new Router(monitors(), List.of(routes), fallback);
    }

    /** A route; no matchers ("") take every alert. */
    private static Route route(String matchers, String monitor, boolean continueMatching) {
        return new Route(matchers.isEmpty() ? List.of() : MatcherParser.parse(matchers), monitor, continueMatching);
    }

    private static List<String> monitorsOf(PushFold.Plan plan) {
        return plan.pushes().stream().map(p -> p.monitor().name()).toList();
    }

    @Test
    void aFiringWatchdogIsAnUpHeartbeatWithItsSummary() throws Exception {
        Router r = router(Optional.empty());
        assertThat(plan(r.toMonitor(EU), r, "watchdog-firing.json").pushes()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(KumaStatus.UP);
            assertThat(p.msg()).isEqualTo("Watchdog firing (1 alert): Alerting pipeline is working.");
        });
    }

    @Test
    void aResolvedWatchdogIsDown() throws Exception {
        Router r = router(Optional.empty());
        assertThat(plan(r.toMonitor(EU), r, "watchdog-resolved.json").pushes()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(KumaStatus.DOWN);
            assertThat(p.msg()).isEqualTo("Watchdog resolved (1 alert): Alerting pipeline is working.");
        });
    }

    @ParameterizedTest
    @CsvSource({"watchdog-firing.json, HEARTBEAT, UP", "watchdog-resolved.json, HEARTBEAT, DOWN",
        "watchdog-firing.json, STATUS, DOWN", "watchdog-resolved.json, STATUS, UP"})
    void theMonitorsModeDecidesUpOrDown(String resource, Monitor.Mode mode, KumaStatus expected) throws Exception {
        Router r = router(Optional.empty());
        assertThat(plan(r.toMonitor(monitor("m", mode)), r, resource).pushes().get(0).status()).isEqualTo(expected);
    }

    @Test
    void anEmptyBodyIsAPlainUpHeartbeatWhateverTheMode() {
        assertThat(router(Optional.empty()).toMonitor(STAGING).plan(Payload.EMPTY).pushes())
                .singleElement().satisfies(p -> {
                    assertThat(p.status()).isEqualTo(KumaStatus.UP);
                    assertThat(p.msg()).isEqualTo("OK");
                });
    }

    @Test
    void anEmptyBodyGoesToTheDefaultMonitorOrNowhere() {
        assertThat(monitorsOf(router(Optional.of("catch-all")).routed().plan(Payload.EMPTY))).containsExactly("catch-all");
        assertThat(router(Optional.empty()).routed().plan(Payload.EMPTY).pushes()).isEmpty();
    }

    @Test
    void alertsAreRoutedFirstMatchWinsAndGroupedPerMonitor() throws Exception {
        Router r = router(Optional.of("catch-all"));
        PushFold.Plan plan = plan(r.routed(), r, "clusters.json");

        assertThat(monitorsOf(plan)).containsExactly("prod-eu", "prod-us", "staging", "catch-all");
        assertThat(plan.pushes()).extracting(PushPlan::status)
                .containsExactly(KumaStatus.UP, KumaStatus.UP, KumaStatus.UP, KumaStatus.UP);
        assertThat(plan.pushes().get(0).msg()).isEqualTo("Watchdog firing (1 alert): eu ok");
        assertThat(plan.pushes().get(2).msg()).isEqualTo("Watchdog resolved (1 alert): staging ok");
        assertThat(plan.pushes().get(3).msg()).isEqualTo("Watchdog firing (1 alert)");
        assertThat(plan.unrouted()).isZero();
    }

    @Test
    void withoutADefaultUnmatchedAlertsAreCountedAndNamedNotDropped() throws Exception {
        Router r = router(Optional.empty());
        PushFold.Plan plan = plan(r.routed(), r, "clusters.json");

        assertThat(plan.pushes()).hasSize(3);
        assertThat(plan.unrouted()).isEqualTo(1);
        assertThat(plan.unroutedNames()).containsExactly("Watchdog");
    }

    @Test
    void theNamesOfUnroutedAlertsAreFewAndShort() {
        Router r = router(Optional.empty());
        PushFold fold = r.routed();
        for (int i = 0; i < 100; i++) {
            fold.add(alert("Lost" + i + "x".repeat(200), AlertStatus.FIRING, null));
        }
        PushFold.Plan plan = fold.plan(firing());
        assertThat(plan.unrouted()).isEqualTo(100);
        assertThat(plan.unroutedNames()).hasSize(PushFold.UNROUTED_NAMES_SHOWN)
                .allSatisfy(n -> assertThat(n.codePointCount(0, n.length())).isLessThanOrEqualTo(64));
    }

    @Test
    void aContinueRouteLetsAnAlertReachTheRoutesAfterIt() {
        Router r = router(Optional.of("catch-all"), route("alertname=\"Watchdog\"", "prod-eu", true),
                route("alertname=\"Watchdog\"", "prod-us", false), route("alertname=\"Watchdog\"", "staging", false));
        PushFold.Plan plan = plan(r.routed(), firing(), alert("Watchdog", AlertStatus.FIRING, "ok"));

        assertThat(monitorsOf(plan)).as("the route without continue ends the search").containsExactly("prod-eu",
                "prod-us");
        assertThat(plan.pushes()).extracting(PushPlan::msg).containsOnly("Watchdog firing (1 alert): ok");
    }

    @Test
    void aMonitorPickedTwiceForAnAlertGetsItOnce() {
        Router r = router(Optional.empty(), route("alertname=\"Watchdog\"", "prod-eu", true),
                route("cluster=\"x\"", "prod-eu", true), route("", "prod-us", false));
        PushFold.Plan plan = plan(r.routed(), firing(), alertIn("Watchdog", "x"), alertIn("Watchdog", "y"));

        assertThat(monitorsOf(plan)).containsExactly("prod-eu", "prod-us");
        assertThat(plan.pushes().get(0).msg()).isEqualTo("Watchdog firing (2 alerts)");
        assertThat(plan.pushes().get(1).msg()).isEqualTo("Watchdog firing (2 alerts)");
    }

    @Test
    void theDefaultMonitorTakesOnlyAlertsNoRoutePicked() {
        Router r = router(Optional.of("catch-all"), route("cluster=\"eu\"", "prod-eu", true),
                route("cluster=\"never\"", "prod-us", false));
        PushFold.Plan plan = plan(r.routed(), firing(), alertIn("A", "eu"), alertIn("B", "us"));

        assertThat(monitorsOf(plan)).containsExactly("prod-eu", "catch-all");
        assertThat(plan.pushes().get(0).msg()).isEqualTo("A firing (1 alert)");
        assertThat(plan.pushes().get(1).msg()).isEqualTo("B firing (1 alert)");
    }

    @Test
    void routesKeepTheirOrderWhateverTheOrderOfAlerts() {
        Router r = router(Optional.empty(), route("", "prod-us", true), route("cluster=\"eu\"", "prod-eu", false));
        PushFold.Plan plan = plan(r.routed(), firing(), alertIn("A", "eu"));
        assertThat(monitorsOf(plan)).containsExactly("prod-us", "prod-eu");
    }

    @Test
    void reachableNamesEveryMonitorAfterAContinueRoute() {
        Router r = router(Optional.empty(), route("a=\"1\"", "prod-eu", true), route("b=\"1\"", "prod-us", false),
                route("c=\"1\"", "prod-eu", false), route("d=\"1\"", "staging", false));
        assertThat(r.reachable(0)).containsExactly("prod-eu", "prod-us", "staging");
        assertThat(r.reachable(1)).containsExactly("prod-us");
        assertThat(r.reachable(3)).containsExactly("staging");
    }

    @Test
    void anyFiringAlertMakesTheMonitorsPushFiring() {
        PushPlan push = plan(router(Optional.empty()).toMonitor(EU), firing(),
                alert("KubeNodeDown", AlertStatus.RESOLVED, "node back"),
                alert("KubeNodeDown", AlertStatus.FIRING, "node down")).pushes().get(0);

        assertThat(push.status()).isEqualTo(KumaStatus.UP);
        assertThat(push.msg()).isEqualTo("KubeNodeDown firing (2 alerts): node down");
    }

    @Test
    void anAlertWithoutAStatusCountsAsItsGroup() {
        Payload resolved = new Payload(AlertStatus.RESOLVED, 1, 0, null);
        assertThat(plan(router(Optional.empty()).toMonitor(EU), resolved, alert("A", null, "gone")).pushes().get(0))
                .satisfies(p -> {
                    assertThat(p.status()).isEqualTo(KumaStatus.DOWN);
                    assertThat(p.msg()).isEqualTo("A resolved (1 alert): gone");
                });
    }

    @Test
    void anAlertsOwnSummaryWinsOverTheCommonOne() {
        Payload withCommon = new Payload(AlertStatus.FIRING, 2, 0, "common words");
        assertThat(plan(router(Optional.empty()).toMonitor(EU), withCommon, alert("A", AlertStatus.FIRING, null),
                alert("A", AlertStatus.FIRING, "own words")).pushes().get(0).msg())
                .isEqualTo("A firing (2 alerts): own words");
        assertThat(plan(router(Optional.empty()).toMonitor(EU), withCommon, alert("A", AlertStatus.FIRING, null))
                .pushes().get(0).msg()).isEqualTo("A firing (1 alert): common words");
    }

    @Test
    void aWebhookWithoutAlertsPushesTheGroupsStatus() {
        PushPlan firing = plan(router(Optional.empty()).toMonitor(EU), firing()).pushes().get(0);
        PushPlan resolved = plan(router(Optional.empty()).toMonitor(EU), new Payload(AlertStatus.RESOLVED, 0, 0, null))
                .pushes().get(0);

        assertThat(firing.status()).isEqualTo(KumaStatus.UP);
        assertThat(firing.msg()).isEqualTo("alerts firing (0 alerts)");
        assertThat(resolved.status()).isEqualTo(KumaStatus.DOWN);
        assertThat(resolved.msg()).isEqualTo("alerts resolved (0 alerts)");
    }

    @Test
    void theSummaryIsTheFirstOfAlertsWithThePushsStatusWhetherTheirOwnOrTheGroups() {
        Payload firing = new Payload(AlertStatus.FIRING, 3, 0, "common words");

        assertThat(plan(router(Optional.empty()).toMonitor(EU), firing, alert("A", null, "unstated first"),
                alert("A", AlertStatus.FIRING, "own second")).pushes().get(0).msg())
                .isEqualTo("A firing (2 alerts): unstated first");
        assertThat(plan(router(Optional.empty()).toMonitor(EU), firing, alert("A", AlertStatus.FIRING, "own first"),
                alert("A", null, "unstated second")).pushes().get(0).msg())
                .isEqualTo("A firing (2 alerts): own first");
        assertThat(plan(router(Optional.empty()).toMonitor(EU), firing, alert("A", AlertStatus.RESOLVED, "gone"),
                alert("A", AlertStatus.FIRING, null)).pushes().get(0).msg())
                .as("a resolved alert's summary is not the firing push's").isEqualTo("A firing (2 alerts): common words");
    }

    @Test
    void aResolvedGroupsAlertsWithoutAStatusDoNotLendTheirSummaryToAFiringPush() {
        Payload resolved = new Payload(AlertStatus.RESOLVED, 2, 0, null);

        assertThat(plan(router(Optional.empty()).toMonitor(EU), resolved, alert("A", null, "unstated"),
                alert("A", AlertStatus.FIRING, null)).pushes().get(0).msg()).isEqualTo("A firing (2 alerts)");
    }

    @Test
    void truncatedAlertsCountInTheMessage() throws Exception {
        Router r = router(Optional.empty());
        PushPlan push = plan(r.toMonitor(EU), r, "truncated.json").pushes().get(0);
        assertThat(push.msg()).isEqualTo("KubePodCrashLooping firing (7 alerts): Pod is crash looping.");
    }

    @Test
    void truncatedAlertsCountForEachMonitorThatGotEveryAlert() {
        Router r = router(Optional.empty(), route("", "prod-eu", true), route("cluster=\"x\"", "prod-us", false));
        Payload truncated = new Payload(AlertStatus.FIRING, 2, 5, null);
        PushFold.Plan plan = plan(r.routed(), truncated, alertIn("A", "x"), alertIn("A", "y"));
        assertThat(plan.pushes()).extracting(PushPlan::msg).containsExactly("A firing (7 alerts)", "A firing (1 alert)");
    }

    @Test
    void countsNeverOverflow() {
        Payload huge = new Payload(AlertStatus.FIRING, 1, Long.MAX_VALUE, null);
        assertThat(plan(router(Optional.empty()).toMonitor(EU), huge, alert("A", AlertStatus.FIRING, null))
                .pushes().get(0).msg()).isEqualTo("A firing (" + Long.MAX_VALUE + " alerts)");
    }

    @Test
    void severalAlertNamesAreListed() {
        assertThat(plan(router(Optional.empty()).toMonitor(EU), firing(), alert("A", AlertStatus.FIRING, null),
                alert("B", AlertStatus.FIRING, null), alert("A", AlertStatus.FIRING, null)).pushes().get(0).msg())
                .isEqualTo("A, B firing (3 alerts)");
    }

    @Test
    void theMessageIsAtMost200CodePointsAndNeverCutInsideACharacter() {
        String msg = plan(router(Optional.empty()).toMonitor(EU), firing(),
                alert("Watchdog", AlertStatus.FIRING, "🔥".repeat(300))).pushes().get(0).msg();

        assertThat(msg.codePointCount(0, msg.length())).isEqualTo(200);
        assertThat(msg).startsWith("Watchdog firing (1 alert): 🔥").endsWith("🔥…");
        assertThat(msg.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("no lone surrogate").isEmpty();
    }

    @Test
    void manyLongNamesStillMakeAShortMessage() {
        PushFold fold = router(Optional.empty()).toMonitor(EU);
        for (int i = 0; i < 10_000; i++) {
            fold.add(alert("Alert" + i + "-" + "n".repeat(50), AlertStatus.FIRING, null));
        }
        String msg = fold.plan(firing()).pushes().get(0).msg();
        assertThat(msg.codePointCount(0, msg.length())).isEqualTo(200);
        assertThat(msg).startsWith("Alert0-").endsWith("…");
    }

    @Test
    void theMessageIsOneLineWithoutControlCharacters() {
        String msg = plan(router(Optional.empty()).toMonitor(EU), firing(),
                alert("Watch\u001bdog", AlertStatus.FIRING, "a\nb\r\nc\u0085d\u009be\u2028f\u202eg\u0007h")).pushes()
                .get(0).msg();
        assertThat(msg).isEqualTo("Watch dog firing (1 alert): a b c d e f g h");
    }

    private static Payload firing() {
        return new Payload(AlertStatus.FIRING, 0, 0, null);
    }

    private static Alert alert(String name, AlertStatus status, String summary) {
        return new Alert(status, Map.of("alertname", name), summary);
    }

    private static Alert alertIn(String name, String cluster) {
        return new Alert(AlertStatus.FIRING, Map.of("alertname", name, "cluster", cluster), null);
    }
}
