package dev.kumapush.routing;

import dev.kumapush.kuma.Monitor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which monitors an alert goes to, with Alertmanager's meaning: routes are tried in order, the first that
 * matches picks its monitor and ends the search unless it says {@code continue}, and the default monitor takes only
 * alerts that no route picked.
 */
public final class Router {
    private final Map<String, Monitor> monitors;
    private final List<Route> routes;
    private final Optional<Monitor> fallback;
    private final Set<String> labelNames;

    /**
     * @param monitors       the monitors by name
     * @param routes         evaluated per alert, in order
     * @param defaultMonitor for alerts no route picks
     */
    public Router(Map<String, Monitor> monitors, List<Route> routes, Optional<String> defaultMonitor) {
        this.monitors = Map.copyOf(monitors);
        this.routes = List.copyOf(routes);
        this.fallback = defaultMonitor.map(this.monitors::get);
        Set<String> names = new LinkedHashSet<>();
        for (Route route : routes) {
            for (Matcher m : route.matchers()) {
                names.add(m.name());
            }
        }
        this.labelNames = Set.copyOf(names);
    }

    /** The monitor with this name, for {@code /push/<name>}. */
    public Optional<Monitor> monitor(String name) {
        return Optional.ofNullable(monitors.get(name));
    }

    /** The labels routes look at: the only ones worth keeping of an alert. */
    public Set<String> labelNames() {
        return labelNames;
    }

    /** A webhook whose alerts each go where the routes say. */
    public PushFold routed() {
        return new PushFold(this, null);
    }

    /** A webhook whose alerts all go to one monitor. */
    public PushFold toMonitor(Monitor monitor) {
        return new PushFold(this, monitor);
    }

    /** The monitors an alert with these labels goes to, each once, in route order; empty when none takes it. */
    List<Monitor> targets(Map<String, String> labels) {
        List<Monitor> picked = new ArrayList<>(1);
        for (Route route : routes) {
            if (route.matches(labels)) {
                Monitor m = monitors.get(route.monitor());
                if (!picked.contains(m)) {
                    picked.add(m);
                }
                if (!route.continueMatching()) {
                    break;
                }
            }
        }
        if (picked.isEmpty() && fallback.isPresent()) {
            picked.add(fallback.get());
        }
        return picked;
    }

    Optional<Monitor> fallback() {
        return fallback;
    }

    /**
     * The monitors an alert that route {@code index} matches can reach: the route's own and, with {@code continue},
     * those of every route after it (any of them may match too), in order, each once.
     */
    public List<String> reachable(int index) {
        Set<String> reached = new LinkedHashSet<>();
        reached.add(routes.get(index).monitor());
        if (routes.get(index).continueMatching()) {
            for (Route later : routes.subList(index + 1, routes.size())) {
                reached.add(later.monitor());
            }
        }
        return List.copyOf(reached);
    }
}
