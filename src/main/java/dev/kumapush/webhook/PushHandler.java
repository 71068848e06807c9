package dev.kumapush.webhook;

import com.sun.net.httpserver.HttpExchange;
import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.alertmanager.PayloadException;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushJoiner;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.metrics.BridgeMetrics;
import dev.kumapush.metrics.WebhookOutcome;
import dev.kumapush.routing.PushPlan;
import dev.kumapush.routing.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code /push} and {@code /push/<monitor>}: reads the webhook, pushes to Kuma, answers with the result. */
final class PushHandler {
    private static final System.Logger LOG = System.getLogger(PushHandler.class.getName());
    private static final int MAX_NAME_IN_ANSWER = 64;
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\p{Graph}]");
    /** How much of an oversized body is read and dropped before answering 413, so the client sees the answer. */
    private static final long DISCARD_LIMIT = 64 * 1024;

    private final long maxBodySize;
    private final PayloadReader reader;
    private final Router router;
    private final PushJoiner pushes;
    private final BridgeMetrics metrics;

    PushHandler(long maxBodySize, PayloadReader reader, Router router, PushJoiner pushes, BridgeMetrics metrics) {
        this.metrics = metrics;
        this.maxBodySize = maxBodySize;
        this.reader = reader;
        this.router = router;
        this.pushes = pushes;
    }

    /**
     * How a webhook is answered: the status and text sent back, and the counts for the log line.
     *
     * @param close whether the connection is closed after the answer (the body may not have been read to its end)
     */
    private record Answer(int status, String text, boolean close, int alerts, int pushes) {
    }

    /**
     * Handles one webhook. The webhook is counted before it is answered, so whoever got the answer finds it in
     * {@code /metrics} already.
     */
    void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getRawPath();
        Answer answer = answer(exchange, path);
        metrics.webhook(WebhookOutcome.of(answer.status()));
        if (answer.close()) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        Responses.text(exchange, answer.status(), answer.text());
        LOG.log(System.Logger.Level.INFO, "webhook method={0} path={1} answer={2} alerts={3} pushes={4} duration={5}ms",
                exchange.getRequestMethod(), shorten(path), answer.status(), answer.alerts(), answer.pushes(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private Answer answer(HttpExchange exchange, String path) throws IOException {
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
            return new Answer(413, "body larger than MAX_BODY_SIZE (" + maxBodySize + " bytes)", true, 0, 0);
        }
        Payload payload;
        try {
            payload = reader.read(body.get());
        } catch (PayloadException e) {
            return new Answer(400, "invalid webhook payload: " + e.getMessage(), false, 0, 0);
        }
        int alerts = payload.alerts().size();
        Router.Plan plan;
        if (path.equals("/push")) {
            plan = router.route(payload);
        } else {
            String name = path.substring("/push/".length());
            Optional<Monitor> monitor = router.monitor(name);
            if (monitor.isEmpty()) {
                return new Answer(404, "unknown monitor \"" + shorten(name) + "\"", false, alerts, 0);
            }
            plan = router.toMonitor(monitor.get(), payload);
        }
        if (!plan.unrouted().isEmpty()) {
            metrics.unrouted(plan.unrouted().size());
            LOG.log(System.Logger.Level.WARNING, "{0} alert(s) matched no route and no default monitor takes them: {1}",
                    plan.unrouted().size(), plan.unrouted().stream().map(Alert::name).distinct()
                            .collect(Collectors.joining(", ")));
        }
        if (plan.pushes().isEmpty()) {
            return new Answer(422, payload.alerts().isEmpty()
                    ? "no monitor for this webhook: it has no alerts and no default_monitor is set"
                    : "no monitor for any alert of this webhook: no route matched and no default_monitor is set",
                    false, alerts, 0);
        }
        List<PushOutcome> outcomes = pushAll(plan.pushes());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            PushOutcome outcome = outcomes.get(i);
            if (!outcome.delivered()) {
                failures.add("push to monitor " + plan.pushes().get(i).monitor().name() + " failed after "
                        + outcome.tries() + (outcome.tries() == 1 ? " try: " : " tries: ") + outcome.answer());
            }
        }
        if (failures.isEmpty()) {
            return new Answer(200, "OK", false, alerts, outcomes.size());
        }
        return new Answer(500, String.join("; ", failures), false, alerts, outcomes.size());
    }

    /** Pushes to different monitors run at the same time; the answer waits for all. */
    private List<PushOutcome> pushAll(List<PushPlan> plans) {
        if (plans.size() == 1) {
            return List.of(push(plans.get(0)));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PushOutcome>> futures = new ArrayList<>();
            for (PushPlan plan : plans) {
                futures.add(executor.submit(() -> push(plan)));
            }
            List<PushOutcome> outcomes = new ArrayList<>();
            for (Future<PushOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a push failed unexpectedly", e.getCause());
        }
    }

    private PushOutcome push(PushPlan plan) {
        PushJoiner.Joined result = pushes.push(plan.monitor(), plan.status(), plan.msg());
        if (result.joined()) {
            LOG.log(System.Logger.Level.DEBUG, "push monitor={0} status={1} joined an identical push in flight",
                    plan.monitor().name(), plan.status());
        }
        return result.outcome();
    }

    /** The body, or empty when it is larger than allowed (then at most a bounded amount more is read). */
    private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        long length = ContentLength.of(exchange);
        try (InputStream in = exchange.getRequestBody()) {
            if (length > maxBodySize) {
                discard(in);
                return Optional.empty();
            }
            if (length >= 0) {
                // The length is known: one array of that size, rather than growing copies.
                byte[] bytes = new byte[(int) length];
                int n = in.readNBytes(bytes, 0, bytes.length);
                return Optional.of(n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n));
            }
            byte[] bytes = in.readNBytes((int) maxBodySize + 1);
            if (bytes.length > maxBodySize) {
                discard(in);
                return Optional.empty();
            }
            return Optional.of(bytes);
        }
    }

    private static void discard(InputStream in) throws IOException {
        long left = DISCARD_LIMIT;
        byte[] buffer = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static String shorten(String text) {
        String clean = NOT_PRINTABLE.matcher(text).replaceAll("?");
        return clean.length() <= MAX_NAME_IN_ANSWER ? clean : clean.substring(0, MAX_NAME_IN_ANSWER) + "...";
    }
}
