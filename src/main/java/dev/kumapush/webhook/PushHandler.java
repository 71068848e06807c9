package dev.kumapush.webhook;

import dev.kumapush.alertmanager.Alert;
import dev.kumapush.alertmanager.Payload;
import dev.kumapush.alertmanager.PayloadException;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.alertmanager.PayloadStream;
import dev.kumapush.http.Exchange;
import dev.kumapush.http.HttpError;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushJoiner;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.metrics.BridgeMetrics;
import dev.kumapush.metrics.WebhookOutcome;
import dev.kumapush.routing.PushFold;
import dev.kumapush.routing.PushPlan;
import dev.kumapush.routing.Router;
import dev.kumapush.status.BridgeStatus;
import dev.kumapush.text.SafeText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code /push} and {@code /push/<monitor>}: reads the webhook as it streams in, folding each alert into the push of
 * its monitor, then pushes to Kuma and answers with the result. Nothing is pushed before the whole body has been
 * read and found to be a payload.
 */
final class PushHandler {
    private static final System.Logger LOG = System.getLogger(PushHandler.class.getName());
    private static final int MAX_NAME_IN_ANSWER = 64;

    private final long maxBodySize;
    private final PayloadReader reader;
    private final Router router;
    private final PushJoiner pushes;
    private final BridgeMetrics metrics;
    private final BridgeStatus status;

    PushHandler(long maxBodySize, PayloadReader reader, Router router, PushJoiner pushes, BridgeMetrics metrics,
            BridgeStatus status) {
        this.maxBodySize = maxBodySize;
        this.reader = reader;
        this.router = router;
        this.pushes = pushes;
        this.metrics = metrics;
        this.status = status;
    }

    /**
     * How a webhook is answered: the status and text sent back, and the counts for the log line.
     *
     * @param close whether the connection is closed after the answer
     */
    private record Answer(int status, String text, boolean close, long alerts, int pushes) {
        static Answer of(int status, String text) {
            return new Answer(status, text, false, 0, 0);
        }
    }

    /**
     * Handles one webhook. The webhook is counted before it is answered, so whoever got the answer finds it in
     * {@code /metrics} already.
     */
    void handle(Exchange exchange) throws IOException {
        long start = System.nanoTime();
        String path = exchange.path();
        status.webhook(exchange.header("User-Agent").orElse(""));
        Answer answer = answer(exchange, path);
        metrics.webhook(WebhookOutcome.of(answer.status()));
        if (answer.close()) {
            exchange.closeAfterAnswer();
        }
        Responses.text(exchange, answer.status(), answer.text());
        LOG.log(System.Logger.Level.INFO, "webhook method={0} path={1} answer={2} alerts={3} pushes={4} duration={5}ms",
                exchange.method(), path, answer.status(), answer.alerts(), answer.pushes(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private Answer answer(Exchange exchange, String path) throws IOException {
        PushFold fold;
        if (path.equals("/push")) {
            fold = router.routed();
        } else {
            String name = path.substring("/push/".length());
            Optional<Monitor> monitor = router.monitor(name);
            if (monitor.isEmpty()) {
                return Answer.of(404, "unknown monitor \"" + SafeText.oneLine(name, MAX_NAME_IN_ANSWER) + "\"");
            }
            fold = router.toMonitor(monitor.get());
        }
        if (exchange.declaredLength() > maxBodySize) {
            return new Answer(413, "body larger than MAX_BODY_SIZE (" + maxBodySize + " bytes)", true, 0, 0);
        }
        Payload payload;
        try (PayloadStream alerts = reader.open(exchange.body(), router.labelNames())) {
            for (Alert alert = alerts.next(); alert != null; alert = alerts.next()) {
                fold.add(alert);
            }
            payload = alerts.payload();
        } catch (PayloadException e) {
            return Answer.of(400, "invalid webhook payload: " + e.getMessage());
        } catch (HttpError e) {
            return new Answer(e.status(), e.status() == 413 ? "body larger than MAX_BODY_SIZE (" + maxBodySize
                    + " bytes)" : e.reason(), true, 0, 0);
        }
        return push(fold.plan(payload), payload.alerts());
    }

    private Answer push(PushFold.Plan plan, long alerts) {
        if (plan.unrouted() > 0) {
            metrics.unrouted(plan.unrouted());
            LOG.log(System.Logger.Level.WARNING, "{0} alert(s) matched no route and no default monitor takes them: {1}",
                    plan.unrouted(), String.join(", ", plan.unroutedNames()));
        }
        if (plan.pushes().isEmpty()) {
            return new Answer(422, alerts == 0
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
}
