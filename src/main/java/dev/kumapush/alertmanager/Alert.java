package dev.kumapush.alertmanager;

import java.util.Map;

/**
 * One alert of a webhook payload. Missing maps are empty, missing text is "".
 *
 * @param status      {@code firing} or {@code resolved}
 * @param labels      the alert's labels
 * @param annotations the alert's annotations
 * @param startsAt    as Alertmanager wrote it
 * @param endsAt      as Alertmanager wrote it
 * @param fingerprint Alertmanager's identity of the alert
 */
public record Alert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations,
        String startsAt, String endsAt, String fingerprint) {

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        startsAt = startsAt == null ? "" : startsAt;
        endsAt = endsAt == null ? "" : endsAt;
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    /** The {@code alertname} label, or "" when there is none. */
    public String name() {
        return labels.getOrDefault("alertname", "");
    }
}
