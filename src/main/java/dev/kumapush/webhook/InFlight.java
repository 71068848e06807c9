package dev.kumapush.webhook;

import java.time.Duration;

/** Counts webhooks being handled, so that shutdown can wait for exactly those and refuse new ones. */
final class InFlight {
    private int count;
    private boolean closed;

    /** Registers a webhook; false once shutdown began. */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        count++;
        return true;
    }

    synchronized void leave() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Refuses new webhooks and waits for the ones in flight; true when all finished in time. */
    synchronized boolean closeAndAwait(Duration grace) {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
