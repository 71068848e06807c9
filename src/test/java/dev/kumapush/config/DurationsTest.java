package dev.kumapush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    static Stream<Arguments> validDurations() {
        return Stream.of(
                Arguments.of("0", Duration.ZERO),
                Arguments.of("-0", Duration.ZERO),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("3s", Duration.ofSeconds(3)),
                Arguments.of("+3s", Duration.ofSeconds(3)),
                Arguments.of(" 3s ", Duration.ofSeconds(3)),
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("1m30s", Duration.ofSeconds(90)),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of(".5s", Duration.ofMillis(500)),
                Arguments.of("1.s", Duration.ofSeconds(1)),
                Arguments.of("2h45m", Duration.ofMinutes(165)),
                Arguments.of("1h2m3s4ms5us6ns", Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4)
                        .plusNanos(5_006)),
                Arguments.of("100ns", Duration.ofNanos(100)),
                Arguments.of("1.5ns", Duration.ofNanos(1)),
                Arguments.of("10us", Duration.ofNanos(10_000)),
                Arguments.of("10\u00b5s", Duration.ofNanos(10_000)),
                Arguments.of("10\u03bcs", Duration.ofNanos(10_000)),
                Arguments.of("0.25h", Duration.ofMinutes(15)),
                Arguments.of("-1s", Duration.ofSeconds(-1)),
                Arguments.of("-1.5s", Duration.ofMillis(-1500)),
                Arguments.of("2562047h", Duration.ofHours(2_562_047)));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("validDurations")
    void parsesGoStyleDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", " ", "-", "+", "3", "3x", "s", "ms", "1h-2m", "abc", "3S", "1.5.5s", "3 s", "1h 2m",
            "1,5s", "0x10s", "3s3"})
    void rejectsTextThatIsNotADurationQuotingIt(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("expected a duration such as 3s or 500ms")
                .withMessageContaining("found \"" + text + "\"");
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"2562048h", "9999999999h", "18446744076709551616ns", "-2562048h"})
    void rejectsDurationsTooLongForNanosecondsInsteadOfWrappingAround(String text) {
        // 18446744076709551616ns is 2^64 ns + 3s: wrapped around to 64 bits it would silently read as 3s.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("too long")
                .withMessageContaining("found \"" + text + "\"");
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "0, 0s",
            "3s, 3s",
            "1m30s, 90s",
            "1h, 3600s",
            "1.5s, 1500ms",
            "500ms, 500ms",
            "1500ns, 1500ns",
            "1us, 1000ns",
            "-3s, -3s",
            "-1.5s, -1500ms"})
    void formatsInGoStyle(String text, String formatted) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(formatted);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDurations")
    void formatRoundTripsThroughParse(String text, Duration duration) {
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Test
    void formatRoundTripsOddValues() {
        for (Duration d : new Duration[] {Duration.ofNanos(1), Duration.ofNanos(999_999_999), Duration.ofMillis(1),
                Duration.ofMillis(1001), Duration.ofSeconds(86_400), Duration.ofNanos(Long.MAX_VALUE),
                Duration.ofNanos(-7)}) {
            assertThat(Durations.parse(Durations.format(d))).as("%s", d).isEqualTo(d);
        }
    }
}
