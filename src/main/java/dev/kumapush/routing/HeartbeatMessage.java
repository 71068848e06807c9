package dev.kumapush.routing;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.AlertStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code msg} of a push, for Kuma's history: alert names, status, count and summary, such as
 * {@code Watchdog firing (1 alert): pipeline ok}.
 */
final class HeartbeatMessage {
    /** Longest message, in code points. */
    static final int MAX_LENGTH = 200;
    private static final String ELLIPSIS = "…";
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private HeartbeatMessage() {
    }

    static String compose(AlertStatus status, List<Alert> alerts, int truncated, Map<String, String> common) {
        Set<String> names = new LinkedHashSet<>();
        String summary = null;
        for (Alert alert : alerts) {
            if (!alert.name().isEmpty()) {
                names.add(alert.name());
            }
            String s = alert.annotations().get("summary");
            if (summary == null && alert.status() == status && s != null && !s.isBlank()) {
                summary = s;
            }
        }
        if (summary == null && common.get("summary") != null && !common.get("summary").isBlank()) {
            summary = common.get("summary");
        }
        int count = alerts.size() + truncated;
        String text = (names.isEmpty() ? "alerts" : String.join(", ", names)) + " " + status + " (" + count
                + (count == 1 ? " alert)" : " alerts)") + (summary == null ? "" : ": " + summary.strip());
        return limit(oneLine(text));
    }

    static String oneLine(String text) {
        return LINE_BREAKS.matcher(text).replaceAll(" ");
    }

    /** At most {@link #MAX_LENGTH} code points, cut between characters, never inside one. */
    static String limit(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH - 1)) + ELLIPSIS;
    }
}
