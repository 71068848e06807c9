package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.kuma.KumaClient;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.kuma.PushUrl;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The bound on requests to Kuma in flight at once: distinct pushes beyond it wait for their turn instead of each
 * opening a connection (512 TLS connections at once exhausted a 32 MB heap), and are delivered once it comes.
 */
class KumaRequestLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void pushesBeyondTheBoundWaitForTheirTurnAndAreDelivered() throws Exception {
        try (FakeKuma kuma = FakeKuma.start(); HttpClient http = HttpClient.newHttpClient()) {
            CountDownLatch gate = new CountDownLatch(1);
            kuma.always(new FakeKuma.Held(gate, FakeKuma.OK));
            KumaClient client = new KumaClient(http, 1, Duration.ofSeconds(30), Duration.ofMillis(10), "test",
                    PushObserver.NONE, 2);
            Monitor monitor = new Monitor("default", PushUrl.parse(kuma.pushUrl()), Monitor.Mode.HEARTBEAT);
            List<Future<PushOutcome>> pushes = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                try {
                    for (int i = 0; i < 5; i++) {
                        String msg = "push " + i;
                        pushes.add(pool.submit(() -> client.push(monitor, KumaStatus.UP, msg)));
                    }
                    assertThat(kuma.awaitRequests(2, WAIT)).hasSize(2);
                    // The other three are waiting for a turn; given time, none of them reaches Kuma.
                    Thread.sleep(500);
                    assertThat(kuma.requests()).hasSize(2);
                } finally {
                    gate.countDown();
                }
                for (Future<PushOutcome> push : pushes) {
                    assertThat(push.get().delivered()).as("%s", push.get()).isTrue();
                }
            }
            assertThat(kuma.requests()).extracting(s -> s.param("msg"))
                    .containsExactlyInAnyOrder("push 0", "push 1", "push 2", "push 3", "push 4");
        }
    }
}
