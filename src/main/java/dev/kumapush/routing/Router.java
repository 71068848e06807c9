package dev.kumapush.routing;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.AlertStatus;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides which monitors a webhook pushes to, and what each push says. */
public final class Router {
    private final Map<String, Monitor> monitors;
    private final List<Route> routes;
    private final Optional<Monitor> fallback;

    /**
     * @param monitors       the monitors by name
     * @param routes         evaluated per alert, first match wins
     * @param defaultMonitor for alerts no route matches
     */
    public Router(Map<String, Monitor> monitors, List<Route> routes, Optional<String> defaultMonitor) {
        this.monitors = Map.copyOf(monitors);
        this.routes = List.copyOf(routes);
        this.fallback = defaultMonitor.map(this.monitors::get);
    }

    /** What to do with one webhook. */
    public record Plan(List<PushPlan> pushes, List<Alert> unrouted) {
    }

    /** The monitor with this name, for {@code /push/<name>}. */
    public Optional<Monitor> monitor(String name) {
        return Optional.ofNullable(monitors.get(name));
    }

    /** The whole payload to one monitor. */
    public Plan toMonitor(Monitor monitor, Payload payload) {
        return new Plan(List.of(plan(monitor, payload, payload.alerts(), payload.truncatedAlerts())), List.of());
    }

    /** Each alert to the monitor its route picks; alerts picked for one monitor make one push. */
    public Plan route(Payload payload) {
        if (payload.alerts().isEmpty()) {
            return fallback.map(m -> toMonitor(m, payload)).orElseGet(() -> new Plan(List.of(), List.of()));
        }
        Map<Monitor, List<Alert>> byMonitor = new LinkedHashMap<>();
        List<Alert> unrouted = new ArrayList<>();
        for (Alert alert : payload.alerts()) {
            Optional<Monitor> target = pick(alert);
            if (target.isPresent()) {
                byMonitor.computeIfAbsent(target.get(), m -> new ArrayList<>()).add(alert);
            } else {
                unrouted.add(alert);
            }
        }
        // Left-out alerts can only be counted when everything went to one monitor.
        int truncated = byMonitor.size() == 1 && unrouted.isEmpty() ? payload.truncatedAlerts() : 0;
        List<PushPlan> pushes = new ArrayList<>();
        byMonitor.forEach((monitor, alerts) -> pushes.add(plan(monitor, payload, alerts, truncated)));
        return new Plan(pushes, unrouted);
    }

    private Optional<Monitor> pick(Alert alert) {
        for (Route route : routes) {
            if (route.matches(alert.labels())) {
                return Optional.of(monitors.get(route.monitor()));
            }
        }
        return fallback;
    }

    private static PushPlan plan(Monitor monitor, Payload payload, List<Alert> alerts, int truncated) {
        if (payload.isPlainHeartbeat()) {
            return new PushPlan(monitor, KumaStatus.UP, "OK", 0);
        }
        AlertStatus status = groupStatus(payload, alerts);
        boolean firing = status == AlertStatus.FIRING;
        KumaStatus kuma = switch (monitor.mode()) {
            case HEARTBEAT -> firing ? KumaStatus.UP : KumaStatus.DOWN;
            case STATUS -> firing ? KumaStatus.DOWN : KumaStatus.UP;
        };
        return new PushPlan(monitor, kuma,
                HeartbeatMessage.compose(status, alerts, truncated, payload.commonAnnotations()),
                alerts.size() + truncated);
    }

    /** Any firing alert makes the push firing; with no alerts, the payload's own status counts. */
    private static AlertStatus groupStatus(Payload payload, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return payload.status() == null ? AlertStatus.FIRING : payload.status();
        }
        boolean firing = alerts.stream().anyMatch(a -> a.status() == AlertStatus.FIRING
                || a.status() == null && payload.status() != AlertStatus.RESOLVED);
        return firing ? AlertStatus.FIRING : AlertStatus.RESOLVED;
    }
}
