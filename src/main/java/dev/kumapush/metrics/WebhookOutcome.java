package dev.kumapush.metrics;

/** How a webhook was answered: the {@code outcome} label of {@code kumapush_webhooks_received_total}. */
public enum WebhookOutcome {
    /** 200: every push reached Kuma. */
    DELIVERED("delivered"),
    /** 500: a push failed. */
    PUSH_FAILED("push_failed"),
    /** 400: not a valid payload. */
    BAD_REQUEST("bad_request"),
    /** 401: missing or wrong credentials. */
    UNAUTHORIZED("unauthorized"),
    /** 404: unknown monitor. */
    UNKNOWN_MONITOR("unknown_monitor"),
    /** 413: body over the limit. */
    TOO_LARGE("too_large"),
    /** 408: the body did not arrive within READ_TIMEOUT. */
    TOO_SLOW("too_slow"),
    /** 422: no alert could be routed. */
    UNROUTED("unrouted"),
    /** 503: too many webhooks at once. */
    OVERLOADED("overloaded"),
    /** 503: shutting down. */
    SHUTTING_DOWN("shutting_down");

    private final String label;

    WebhookOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The outcome of an answer's status code, for the codes a webhook handler gives. */
    public static WebhookOutcome of(int status) {
        return switch (status) {
            case 200 -> DELIVERED;
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> UNKNOWN_MONITOR;
            case 408 -> TOO_SLOW;
            case 413 -> TOO_LARGE;
            case 422 -> UNROUTED;
            default -> PUSH_FAILED;
        };
    }
}
