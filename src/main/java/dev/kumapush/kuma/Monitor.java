package dev.kumapush.kuma;

/**
 * One Kuma push monitor the bridge can push to.
 *
 * @param name how routes, {@code /push/<name>}, logs and metrics call it
 * @param url  its push URL (secret; prints redacted)
 * @param mode how alert states map to Kuma states
 */
public record Monitor(String name, PushUrl url, Mode mode) {

    /** How alert states become Kuma states. */
    public enum Mode {
        /** A firing alert (the Watchdog) is a heartbeat: up. Resolved means the pipeline stopped: down. */
        HEARTBEAT,
        /** Kuma as a status light for an alert: firing is down, resolved is up. */
        STATUS
    }
}
