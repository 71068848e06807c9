package dev.kumapush.alertmanager;

/**
 * What a whole webhook payload says besides its alerts, known once the body has been read to its end.
 *
 * @param status          the group's status; null for an empty body
 * @param alerts          how many alerts the body held
 * @param truncatedAlerts how many alerts Alertmanager left out because of {@code max_alerts}
 * @param commonSummary   the {@code summary} of {@code commonAnnotations}, or null
 */
public record Payload(AlertStatus status, long alerts, long truncatedAlerts, String commonSummary) {

    /** What an empty body means: a plain heartbeat. */
    public static final Payload EMPTY = new Payload(null, 0, 0, null);

    /** True for an empty body. */
    public boolean isPlainHeartbeat() {
        return status == null;
    }
}
