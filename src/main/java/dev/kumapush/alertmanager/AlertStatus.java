package dev.kumapush.alertmanager;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Whether an alert, or a whole group, is firing or resolved. */
public enum AlertStatus {
    FIRING, RESOLVED;

    @JsonCreator
    static AlertStatus fromJson(String text) {
        return switch (text) {
            case "firing" -> FIRING;
            case "resolved" -> RESOLVED;
            default -> throw new IllegalArgumentException("expected \"firing\" or \"resolved\", found \""
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
