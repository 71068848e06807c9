package dev.kumapush.routing;

import java.util.List;
import java.util.Map;

/**
 * Picks the alerts that satisfy every matcher for one monitor. No matcher at all matches every alert.
 *
 * @param matchers     all must match
 * @param monitor      the monitor's name
 * @param continueMatching Alertmanager's {@code continue}: after a match, the routes after this one are tried too
 */
public record Route(List<Matcher> matchers, String monitor, boolean continueMatching) {

    public Route {
        matchers = List.copyOf(matchers);
    }

    boolean matches(Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
