package dev.kumapush.kuma;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends heartbeats to Kuma: a bounded number of tries, each bounded in time, spaced by a doubling backoff. */
public final class KumaClient {
    private static final System.Logger LOG = System.getLogger(KumaClient.class.getName());
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** The longest pause between two tries. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * Requests to Kuma in flight at once, over all monitors. Each holds a connection (with TLS, its buffers on the
     * heap): 512 at once exhausted a 32 MB heap. More wait for their turn, within their try's PUSH_TIMEOUT. As many
     * as the webhooks handled at once by default, so that one push each never waits.
     */
    public static final int MAX_REQUESTS_IN_FLIGHT = 32;

    private final HttpClient http;
    private final int tries;
    private final Duration tryTimeout;
    private final Duration firstBackoff;
    private final String userAgent;
    private final PushObserver observer;
    private final Semaphore inFlight;
    private final int maxInFlight;

    /**
     * @param http         the shared client
     * @param tries        total tries per push, at least 1
     * @param tryTimeout   time allowed for one try: waiting for a turn (see {@link #MAX_REQUESTS_IN_FLIGHT}), the
     *                     request and its answer
     * @param firstBackoff pause after the first failed try; doubled after each further one, at most 30s
     * @param userAgent    the {@code User-Agent} Kuma sees
     * @param observer     told about every try and push
     */
    public KumaClient(HttpClient http, int tries, Duration tryTimeout, Duration firstBackoff, String userAgent,
            PushObserver observer) {
        this(http, tries, tryTimeout, firstBackoff, userAgent, observer, MAX_REQUESTS_IN_FLIGHT);
    }

    /** As above, with another bound on the requests to Kuma in flight at once (tests use a small one). */
    public KumaClient(HttpClient http, int tries, Duration tryTimeout, Duration firstBackoff, String userAgent,
            PushObserver observer, int maxInFlight) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, found " + tries);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, found " + maxInFlight);
        }
        this.http = http;
        this.tries = tries;
        this.tryTimeout = tryTimeout;
        this.firstBackoff = firstBackoff;
        this.userAgent = userAgent;
        this.observer = observer;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Pushes one heartbeat and logs one line about it. Never throws; an interrupt ends the push as failed. */
    public PushOutcome push(Monitor monitor, KumaStatus status, String msg) {
        long start = System.nanoTime();
        PushOutcome outcome = tryUntilDone(monitor, status, msg, start);
        observer.pushed(monitor, status, outcome);
        System.Logger.Level level = outcome.delivered() ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        LOG.log(level, "push monitor={0} status={1} result={2} tries={3} duration={4} answer=\"{5}\"",
                monitor.name(), status, outcome.delivered() ? "delivered" : "failed", outcome.tries(),
                outcome.duration().toMillis() + "ms",
                outcome.answer());
        return outcome;
    }

    private PushOutcome tryUntilDone(Monitor monitor, KumaStatus status, String msg, long start) {
        HttpRequest request = request(monitor.url(), monitor.url().withHeartbeat(status.wire(), msg));
        Duration backoff = firstBackoff;
        String reason = "";
        for (int attempt = 1; ; attempt++) {
            KumaAnswer answer = tryOnce(request);
            observer.attempt(monitor, answer instanceof KumaAnswer.Ok);
            switch (answer) {
                case KumaAnswer.Ok ok -> {
                    return new PushOutcome.Delivered(attempt, since(start));
                }
                case KumaAnswer.MonitorNotFound notFound -> {
                    return new PushOutcome.Refused(scrub(notFound.message(), monitor.url()), attempt, since(start));
                }
                case KumaAnswer.Failure failure -> reason = scrub(failure.reason(), monitor.url());
            }
            LOG.log(System.Logger.Level.DEBUG, "try {0}/{1} to monitor {2} failed: {3}", attempt, tries, monitor.name(),
                    reason);
            if (attempt == tries) {
                return new PushOutcome.Failed(reason, attempt, since(start));
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new PushOutcome.Failed("interrupted while waiting to retry; last: " + reason, attempt,
                        since(start));
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private HttpRequest request(PushUrl url, URI target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .GET()
                .timeout(tryTimeout)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
        url.basicAuthorization().ifPresent(auth -> b.header("Authorization", auth));
        return b.build();
    }

    private KumaAnswer tryOnce(HttpRequest request) {
        long deadline = System.nanoTime() + tryTimeout.toNanos();
        try {
            if (!inFlight.tryAcquire(tryTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return noTurn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KumaAnswer.Failure("interrupted");
        }
        try {
            if (deadline - System.nanoTime() <= 0) {
                // The turn came as the try's time ran out: sending now would only start a request cut off at once.
                return noTurn();
            }
            return send(request, deadline);
        } finally {
            inFlight.release();
        }
    }

    private KumaAnswer noTurn() {
        return new KumaAnswer.Failure("no turn within " + tryTimeout.toMillis() + "ms (PUSH_TIMEOUT): " + maxInFlight
                + " requests to Kuma were in flight all that time");
    }

    /** One request, answered by {@code deadline} (the request's own timeout bounds it too). */
    private KumaAnswer send(HttpRequest request, long deadline) {
        CompletableFuture<HttpResponse<byte[]>> call =
                http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_BYTES));
        try {
            HttpResponse<byte[]> response = call.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return KumaAnswer.judge(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            return new KumaAnswer.Failure("no answer within " + tryTimeout.toMillis() + "ms (PUSH_TIMEOUT)");
        } catch (ExecutionException e) {
            return new KumaAnswer.Failure(describe(e.getCause()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new KumaAnswer.Failure("interrupted");
        }
    }

    /** The failure in a few words: the exception type and the first message found down its causes. */
    private String describe(Throwable t) {
        if (t instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + tryTimeout.toMillis() + "ms (PUSH_TIMEOUT)";
        }
        Throwable named = t;
        String message = null;
        for (Throwable c = t; c != null && message == null; c = c.getCause()) {
            message = c.getMessage();
            if (message != null) {
                named = c;
            }
        }
        String type = named.getClass().getSimpleName();
        if (named instanceof java.net.ConnectException && message == null) {
            return "cannot connect to Kuma (ConnectException)";
        }
        return "cannot reach Kuma: " + type + (message == null ? "" : ": " + KumaAnswer.shorten(message));
    }

    /** Removes the URL's secrets from text that came from elsewhere, such as an exception message. */
    static String scrub(String text, PushUrl url) {
        String out = text;
        for (String secret : url.secrets()) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
