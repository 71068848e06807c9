package dev.kumapush.alertmanager;

import java.util.Map;

/**
 * One alert of a webhook, as far as the bridge reads it: only what routing and the heartbeat's message need.
 *
 * @param status  {@code firing} or {@code resolved}; null when the alert did not say (the group's status counts)
 * @param labels  the labels routes can look at (the others are not kept)
 * @param summary the {@code summary} annotation, or null
 */
public record Alert(AlertStatus status, Map<String, String> labels, String summary) {

    public Alert {
        labels = Map.copyOf(labels);
    }

    /** The {@code alertname} label, or "" when there is none. */
    public String name() {
        return labels.getOrDefault("alertname", "");
    }
}
