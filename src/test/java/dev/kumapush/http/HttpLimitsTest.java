package dev.kumapush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bound of the server must allow at least something; the settings check this first, the server again. */
class HttpLimitsTest {
    private static final Duration S = Duration.ofSeconds(1);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"maxConnections", "maxRequestLine", "maxHeaderBytes", "maxHeaders", "maxBodySize"})
    void aBoundOfZeroIsRefusedNamingIt(String name) {
        int[] v = {1, 1, 1, 1, 1};
        v[java.util.List.of("maxConnections", "maxRequestLine", "maxHeaderBytes", "maxHeaders", "maxBodySize")
                .indexOf(name)] = 0;

        assertThatIllegalArgumentException().isThrownBy(() -> new HttpLimits(v[0], v[1], v[2], v[3], v[4], S, S))
                .withMessage(name + " must be at least 1, found 0");
    }

    @Test
    void boundsOfOneAreAllowed() {
        assertThat(new HttpLimits(1, 1, 1, 1, 1, Duration.ofNanos(1), Duration.ofNanos(1)).maxHeadBytes()).isEqualTo(6);
    }

    @Test
    void aHeadHoldsTheRequestLineTheHeaderLinesAndTheirEnds() {
        assertThat(new HttpLimits(512, 4096, 8192, 64, 1 << 20, S, S).maxHeadBytes()).isEqualTo(4096 + 8192 + 4);
    }

    @ParameterizedTest(name = "read {0}, idle {1}")
    @CsvSource({"0s, 1s", "1s, 0s", "-1s, 1s", "1s, -1s"})
    void timeoutsMustBePositive(String read, String idle) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpLimits(1, 1, 1, 1, 1,
                dev.kumapush.config.Durations.parse(read), dev.kumapush.config.Durations.parse(idle)))
                .withMessageStartingWith("timeouts must be positive: ");
    }
}
