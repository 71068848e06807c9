package dev.kumapush.kuma;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Joins identical pushes: while a push with the same monitor, status and message is in flight, a new one waits for
 * its outcome instead of sending another request. A push with another status or message is never held back.
 */
public final class PushJoiner {
    private record Key(String monitor, KumaStatus status, String msg) {
    }

    private final KumaClient client;
    private final PushObserver observer;
    private final ConcurrentMap<Key, CompletableFuture<PushOutcome>> inFlight = new ConcurrentHashMap<>();

    public PushJoiner(KumaClient client, PushObserver observer) {
        this.client = client;
        this.observer = observer;
    }

    /** The outcome of this push, or of the identical one already in flight. */
    public Joined push(Monitor monitor, KumaStatus status, String msg) {
        Key key = new Key(monitor.name(), status, msg);
        CompletableFuture<PushOutcome> mine = new CompletableFuture<>();
        CompletableFuture<PushOutcome> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            observer.joined(monitor);
            return new Joined(running.join(), true);
        }
        try {
            PushOutcome outcome = client.push(monitor, status, msg);
            mine.complete(outcome);
            return new Joined(outcome, false);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * A push's outcome.
     *
     * @param outcome how it ended
     * @param joined  true when another webhook's identical push made the request
     */
    public record Joined(PushOutcome outcome, boolean joined) {
    }
}
