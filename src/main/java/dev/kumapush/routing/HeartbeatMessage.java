package dev.kumapush.routing;

import dev.kumapush.alertmanager.AlertStatus;
import dev.kumapush.text.SafeText;
import java.util.Collection;

/**
 * The {@code msg} of a push, for Kuma's history: alert names, status, count and summary, such as
 * {@code Watchdog firing (1 alert): pipeline ok}. One line of at most {@value #MAX_LENGTH} code points.
 */
final class HeartbeatMessage {
    /** Longest message, in code points. */
    static final int MAX_LENGTH = 200;

    private HeartbeatMessage() {
    }

    static String compose(AlertStatus status, Collection<String> names, long count, String summary) {
        String text = (names.isEmpty() ? "alerts" : String.join(", ", names)) + " " + status + " (" + count
                + (count == 1 ? " alert)" : " alerts)") + (summary == null ? "" : ": " + summary.strip());
        return SafeText.oneLine(text, MAX_LENGTH);
    }
}
