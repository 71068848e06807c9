package dev.kumapush.kuma;

import java.time.Duration;

/** How one push (all its tries) ended. */
public sealed interface PushOutcome {

    /** Tries made, at least 1. */
    int tries();

    /** Time from the first try to the end, backoff pauses included. */
    Duration duration();

    /** Kuma's answer or the reason for failing, fit for logs and failure answers: it holds no secret. */
    String answer();

    default boolean delivered() {
        return this instanceof Delivered;
    }

    /** How it ended, in one word: {@code delivered}, {@code refused} or {@code failed}. */
    default String result() {
        return switch (this) {
            case Delivered d -> "delivered";
            case Refused r -> "refused";
            case Failed f -> "failed";
        };
    }

    /** Kuma answered {@code {"ok":true}}. */
    record Delivered(int tries, Duration duration) implements PushOutcome {
        @Override
        public String answer() {
            return "ok";
        }
    }

    /** Kuma says the monitor does not exist or is paused; trying again would not help. */
    record Refused(String kumaMessage, int tries, Duration duration) implements PushOutcome {
        @Override
        public String answer() {
            return "Kuma refused the push: " + kumaMessage;
        }
    }

    /** Every try failed; {@code reason} is the last try's. */
    record Failed(String reason, int tries, Duration duration) implements PushOutcome {
        @Override
        public String answer() {
            return reason;
        }
    }
}
