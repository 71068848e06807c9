package dev.kumapush.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadReaderTest {
    private final PayloadReader reader = new PayloadReader();

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PayloadReaderTest.class.getResourceAsStream("/payloads/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKubePrometheusWatchdogIsRead() throws Exception {
        Payload p = reader.read(resource("watchdog-firing.json"));

        assertThat(p.version()).isEqualTo("4");
        assertThat(p.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(p.alerts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Watchdog");
            assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.labels()).containsEntry("namespace", "monitoring");
            assertThat(a.annotations()).containsEntry("summary", "Alerting pipeline is working.");
            assertThat(a.fingerprint()).isEqualTo("e0c7fa7a1c5cb1a3");
            assertThat(a.endsAt()).isEqualTo("0001-01-01T00:00:00Z");
        });
        assertThat(p.groupLabels()).containsEntry("alertname", "Watchdog");
        assertThat(p.commonAnnotations()).containsKey("summary");
        assertThat(p.truncatedAlerts()).isZero();
    }

    @Test
    void truncatedAlertsAreCounted() throws Exception {
        assertThat(reader.read(resource("truncated.json")).truncatedAlerts()).isEqualTo(5);
    }

    @Test
    void aResolvedGroupIsRead() throws Exception {
        Payload p = reader.read(resource("watchdog-resolved.json"));
        assertThat(p.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(p.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void anEmptyOrBlankBodyIsAPlainHeartbeat() throws Exception {
        assertThat(reader.read(new byte[0]).isPlainHeartbeat()).isTrue();
        assertThat(reader.read(" \n".getBytes(StandardCharsets.UTF_8)).isPlainHeartbeat()).isTrue();
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Payload p = reader.read(json("{'status':'firing','future':{'x':[1,2]},'alerts':[{'status':'firing',"
                + "'labels':{'alertname':'A'},'silencedBy':['x']}]}"));
        assertThat(p.alerts()).extracting(Alert::name).containsExactly("A");
    }

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                Arguments.of("not JSON", "hello".getBytes(StandardCharsets.UTF_8), "not valid JSON"),
                Arguments.of("truncated JSON", json("{'status':'firing','alerts':["), "not valid JSON"),
                Arguments.of("trailing garbage", json("{'status':'firing'} {}"), "not valid JSON"),
                Arguments.of("array at top level", json("[1,2]"), "expected an object"),
                Arguments.of("JSON null", json("null"), "null"),
                Arguments.of("status of a wrong value", json("{'status':'burning'}"),
                        "field status: expected \"firing\" or \"resolved\", found \"burning\""),
                Arguments.of("status as a number", json("{'status':1}"), "field status: expected \"firing\" or \"resolved\""),
                Arguments.of("alerts as a string", json("{'status':'firing','alerts':'many'}"), "field alerts: expected an array"),
                Arguments.of("labels as a list", json("{'alerts':[{'status':'firing','labels':['a']}]}"),
                        "field alerts[0].labels: expected an object"),
                Arguments.of("label value as a number", json("{'alerts':[{'status':'firing','labels':{'a':1}}]}"),
                        "field alerts[0].labels.a: expected a string"),
                Arguments.of("label value as an object",
                        json("{'alerts':[{'status':'firing','labels':{'a':{'b':'c'}}}]}"), "field alerts[0].labels.a"),
                Arguments.of("null alert", json("{'status':'firing','alerts':[null]}"), "alerts[0] is null"),
                Arguments.of("truncatedAlerts as text", json("{'truncatedAlerts':'5'}"), "field truncatedAlerts: expected a whole number"),
                Arguments.of("deep nesting", ("{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                        .getBytes(StandardCharsets.UTF_8), "nesting depth"),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
                    '}'}, "Invalid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileBodiesAreRefusedWithAShortReason(String what, byte[] body, String reason) {
        assertThatThrownBy(() -> reader.read(body))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(200).doesNotContain("\n")
                        .doesNotContain("dev.kumapush").doesNotContain("Source"));
    }

    @Test
    void aHugeStringIsReadWithinTheBodyLimit() throws Exception {
        String summary = "s".repeat(900_000);
        Payload p = reader.read(json("{'status':'firing','alerts':[{'status':'firing','annotations':{'summary':'"
                + summary + "'}}]}"));
        assertThat(p.alerts().get(0).annotations().get("summary")).hasSize(900_000);
    }

    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
