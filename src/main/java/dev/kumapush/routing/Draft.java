package dev.kumapush.routing;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.AlertStatus;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.text.SafeText;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The push to one monitor while a webhook's alerts are read: what the message needs and nothing more, so that it
 * holds as much for a million alerts as for one. Names are kept only as far as the message can show them.
 */
final class Draft {
    private final Monitor monitor;
    private long alerts;
    private boolean anyFiring;
    private boolean anyWithoutStatus;
    private final Set<String> names = new LinkedHashSet<>();
    private int namesLength;
    /** The first summary among firing alerts, resolved alerts, and alerts without a status of their own. */
    private final Summary[] summaries = new Summary[3];

    private record Summary(long index, String text) {
    }

    Draft(Monitor monitor) {
        this.monitor = monitor;
    }

    long alerts() {
        return alerts;
    }

    void add(Alert alert, long index) {
        alerts++;
        if (alert.status() == AlertStatus.FIRING) {
            anyFiring = true;
        } else if (alert.status() == null) {
            anyWithoutStatus = true;
        }
        String name = alert.name();
        if (!name.isEmpty() && namesLength <= HeartbeatMessage.MAX_LENGTH && !names.contains(name)) {
            String shown = SafeText.cut(name, HeartbeatMessage.MAX_LENGTH);
            names.add(shown);
            namesLength += shown.length() + 2;
        }
        int kind = alert.status() == null ? 2 : alert.status().ordinal();
        if (summaries[kind] == null && alert.summary() != null && !alert.summary().isBlank()) {
            summaries[kind] = new Summary(index, SafeText.cut(alert.summary().strip(), HeartbeatMessage.MAX_LENGTH));
        }
    }

    /**
     * The push: firing when any alert fires (an alert without a status counts as the group's); with no alert, the
     * group's status.
     *
     * @param truncated alerts Alertmanager left out that count for this push
     */
    PushPlan plan(Payload payload, long truncated) {
        AlertStatus group = payload.status() == AlertStatus.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        boolean firing = alerts == 0 ? group == AlertStatus.FIRING
                : anyFiring || anyWithoutStatus && group == AlertStatus.FIRING;
        AlertStatus status = firing ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        KumaStatus kuma = switch (monitor.mode()) {
            case HEARTBEAT -> firing ? KumaStatus.UP : KumaStatus.DOWN;
            case STATUS -> firing ? KumaStatus.DOWN : KumaStatus.UP;
        };
        long count = alerts > Long.MAX_VALUE - truncated ? Long.MAX_VALUE : alerts + truncated;
        return new PushPlan(monitor, kuma, HeartbeatMessage.compose(status, names, count, summary(status, group,
                payload.commonSummary())));
    }

    /** The first summary of an alert with the push's status, else the common one. */
    private String summary(AlertStatus status, AlertStatus group, String common) {
        Summary own = summaries[status.ordinal()];
        Summary unstated = group == status ? summaries[2] : null;
        Summary first = own == null ? unstated : unstated == null || own.index() < unstated.index() ? own : unstated;
        if (first != null) {
            return first.text();
        }
        return common == null || common.isBlank() ? null : SafeText.cut(common.strip(), HeartbeatMessage.MAX_LENGTH);
    }
}
