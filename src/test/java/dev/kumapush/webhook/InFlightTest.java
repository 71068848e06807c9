package dev.kumapush.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown waits for exactly the webhooks in flight: no longer than they take, no longer than the grace period. */
class InFlightTest {

    private record Waited(boolean drained, Duration took) {
    }

    /** Closes on a thread of its own, so that a wait that never ends fails the test instead of hanging it. */
    private static CompletableFuture<Waited> closeAndAwait(InFlight inFlight, Duration grace) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            boolean drained = inFlight.closeAndAwait(grace);
            return new Waited(drained, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    @Test
    void withNothingInFlightShutdownDoesNotWait() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.enter()).isTrue();
        inFlight.leave();

        Waited waited = closeAndAwait(inFlight, Duration.ofSeconds(10)).get(5, TimeUnit.SECONDS);

        assertThat(waited.drained()).isTrue();
        assertThat(waited.took()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shutdownEndsAsSoonAsTheLastWebhookLeaves() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();
        inFlight.enter();
        CompletableFuture<Waited> waiting = closeAndAwait(inFlight, Duration.ofSeconds(20));

        Thread.sleep(200);
        inFlight.leave();
        Thread.sleep(200);
        assertThat(waiting).as("one webhook is still in flight").isNotDone();
        inFlight.leave();

        Waited waited = waiting.get(10, TimeUnit.SECONDS);
        assertThat(waited.drained()).isTrue();
        assertThat(waited.took()).isBetween(Duration.ofMillis(350), Duration.ofSeconds(5));
    }

    @Test
    void shutdownGivesUpAfterTheGracePeriod() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();

        Waited waited = closeAndAwait(inFlight, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);

        assertThat(waited.drained()).isFalse();
        assertThat(waited.took()).isBetween(Duration.ofMillis(280), Duration.ofSeconds(3));
    }

    @Test
    void aZeroGracePeriodDoesNotWaitForWebhooksInFlight() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();

        Waited waited = closeAndAwait(inFlight, Duration.ZERO).get(5, TimeUnit.SECONDS);

        assertThat(waited.drained()).isFalse();
        assertThat(waited.took()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void noWebhookEntersOnceShutdownBegan() throws Exception {
        InFlight inFlight = new InFlight();
        closeAndAwait(inFlight, Duration.ZERO).get(5, TimeUnit.SECONDS);

        assertThat(inFlight.enter()).isFalse();
        assertThat(closeAndAwait(inFlight, Duration.ZERO).get(5, TimeUnit.SECONDS).drained())
                .as("a refused webhook is not counted").isTrue();
    }

    @Test
    void anInterruptedShutdownStopsWaitingAndKeepsTheInterrupt() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();
        CompletableFuture<boolean[]> result = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            boolean drained = inFlight.closeAndAwait(Duration.ofSeconds(30));
            result.complete(new boolean[] {drained, Thread.currentThread().isInterrupted()});
        });
        Thread.sleep(100);
        waiter.interrupt();

        boolean[] got = result.get(5, TimeUnit.SECONDS);
        assertThat(got[0]).as("drained").isFalse();
        assertThat(got[1]).as("still interrupted").isTrue();
    }
}
