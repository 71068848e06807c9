package dev.kumapush.alertmanager;

import java.util.Locale;

/** Whether an alert, or a whole group, is firing or resolved. */
public enum AlertStatus {
    FIRING, RESOLVED;

    /** The status as Alertmanager spells it, or null for anything else. */
    static AlertStatus of(String text) {
        return switch (text) {
            case "firing" -> FIRING;
            case "resolved" -> RESOLVED;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
