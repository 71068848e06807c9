package dev.kumapush.routing;

import java.util.List;
import java.util.Map;

/**
 * Sends the alerts that satisfy every matcher to one monitor. No matcher at all matches every alert.
 *
 * @param matchers all must match
 * @param monitor  the monitor's name
 */
public record Route(List<Matcher> matchers, String monitor) {

    public Route {
        matchers = List.copyOf(matchers);
    }

    boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }
}
