package dev.kumapush.routing;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pushes of one webhook, built alert by alert as the body is read: each alert is folded into the draft of every
 * monitor it goes to, and dropped. Alerts that no monitor takes are counted, with a few of their names for the log.
 */
public final class PushFold {
    /** Names of alerts nobody took that the log line shows. */
    static final int UNROUTED_NAMES_SHOWN = 5;
    private static final int MAX_NAME_SHOWN = 64;

    private final Router router;
    private final Monitor only;
    private final Map<Monitor, Draft> drafts = new LinkedHashMap<>();
    private final Set<String> unroutedNames = new LinkedHashSet<>();
    private long unrouted;
    private long index;

    /** @param only the one monitor every alert goes to, or null to route each alert */
    PushFold(Router router, Monitor only) {
        this.router = router;
        this.only = only;
        if (only != null) {
            drafts.put(only, new Draft(only));
        }
    }

    /** Folds one alert in. */
    public void add(Alert alert) {
        long at = index++;
        if (only != null) {
            drafts.get(only).add(alert, at);
            return;
        }
        List<Monitor> targets = router.targets(alert.labels());
        if (targets.isEmpty()) {
            unrouted++;
            if (unroutedNames.size() < UNROUTED_NAMES_SHOWN) {
                unroutedNames.add(SafeText.cut(alert.name(), MAX_NAME_SHOWN));
            }
            return;
        }
        for (Monitor m : targets) {
            drafts.computeIfAbsent(m, Draft::new).add(alert, at);
        }
    }

    /**
     * What to do, once the whole payload has been read.
     *
     * @param pushes        one per monitor, in the order monitors were first picked
     * @param unrouted      alerts no monitor took
     * @param unroutedNames some of their names (at most {@value #UNROUTED_NAMES_SHOWN}, each cut short)
     */
    public record Plan(List<PushPlan> pushes, long unrouted, List<String> unroutedNames) {
    }

    public Plan plan(Payload payload) {
        if (payload.isPlainHeartbeat()) {
            Monitor target = only != null ? only : router.fallback().orElse(null);
            return new Plan(target == null ? List.of() : List.of(new PushPlan(target, KumaStatus.UP, "OK")), 0,
                    List.of());
        }
        if (drafts.isEmpty() && unrouted == 0 && router.fallback().isPresent()) {
            // No alerts at all: the default monitor hears the group's status.
            drafts.put(router.fallback().get(), new Draft(router.fallback().get()));
        }
        List<PushPlan> pushes = new ArrayList<>(drafts.size());
        for (Draft d : drafts.values()) {
            // Alerts Alertmanager left out count only for a monitor that got every alert sent: they were like them.
            pushes.add(d.plan(payload, d.alerts() == payload.alerts() ? payload.truncatedAlerts() : 0));
        }
        return new Plan(pushes, unrouted, List.copyOf(unroutedNames));
    }
}
