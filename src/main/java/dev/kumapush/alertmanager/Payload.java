package dev.kumapush.alertmanager;

import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload (version 4), the fields the bridge uses; the rest is ignored.
 *
 * @param version           "4" today
 * @param status            the group's status; null when the body did not say
 * @param alerts            the alerts sent (at most {@code max_alerts} of them)
 * @param groupLabels       labels the group is keyed by
 * @param commonLabels      labels all alerts share
 * @param commonAnnotations annotations all alerts share
 * @param truncatedAlerts   how many alerts Alertmanager left out because of {@code max_alerts}
 */
public record Payload(String version, AlertStatus status, List<Alert> alerts, Map<String, String> groupLabels,
        Map<String, String> commonLabels, Map<String, String> commonAnnotations, int truncatedAlerts) {

    /** What an empty body means: a plain heartbeat. */
    public static final Payload EMPTY = new Payload("", null, List.of(), Map.of(), Map.of(), Map.of(), 0);

    public Payload {
        version = version == null ? "" : version;
        for (int i = 0; alerts != null && i < alerts.size(); i++) {
            if (alerts.get(i) == null) {
                throw new IllegalArgumentException("alerts[" + i + "] is null");
            }
        }
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
        commonLabels = commonLabels == null ? Map.of() : Map.copyOf(commonLabels);
        commonAnnotations = commonAnnotations == null ? Map.of() : Map.copyOf(commonAnnotations);
    }

    /** True for an empty body: no status, no alerts. */
    public boolean isPlainHeartbeat() {
        return status == null && alerts.isEmpty();
    }
}
