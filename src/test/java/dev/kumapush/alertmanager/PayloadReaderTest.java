package dev.kumapush.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadReaderTest {
    private static final PayloadReader READER = new PayloadReader();

    /** A body read to its end: the alerts one by one, then what the payload says besides. */
    record Read(List<Alert> alerts, Payload payload) {
    }

    static Read read(byte[] body, Set<String> labels) throws PayloadException, IOException {
        return read(new ByteArrayInputStream(body), labels);
    }

    static Read read(InputStream body, Set<String> labels) throws PayloadException, IOException {
        try (PayloadStream stream = READER.open(body, labels)) {
            List<Alert> alerts = new ArrayList<>();
            for (Alert a = stream.next(); a != null; a = stream.next()) {
                alerts.add(a);
            }
            return new Read(alerts, stream.payload());
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PayloadReaderTest.class.getResourceAsStream("/payloads/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKubePrometheusWatchdogIsRead() throws Exception {
        Read r = read(resource("watchdog-firing.json"), Set.of("namespace"));

        assertThat(r.payload().status()).isEqualTo(AlertStatus.FIRING);
        assertThat(r.payload().alerts()).isEqualTo(1);
        assertThat(r.payload().truncatedAlerts()).isZero();
        assertThat(r.payload().commonSummary()).isEqualTo("Alerting pipeline is working.");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Watchdog");
            assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.labels()).containsOnlyKeys("alertname", "namespace").containsEntry("namespace", "monitoring");
            assertThat(a.summary()).isEqualTo("Alerting pipeline is working.");
        });
    }

    @Test
    void onlyTheLabelsRoutesLookAtAreKept() throws Exception {
        Read r = read(resource("watchdog-firing.json"), Set.of());
        assertThat(r.alerts().get(0).labels()).containsOnlyKeys("alertname");
    }

    @Test
    void truncatedAlertsAreCounted() throws Exception {
        assertThat(read(resource("truncated.json"), Set.of()).payload().truncatedAlerts()).isEqualTo(5);
    }

    @Test
    void aResolvedGroupIsRead() throws Exception {
        Read r = read(resource("watchdog-resolved.json"), Set.of());
        assertThat(r.payload().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(r.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void alertmanagersOwnFieldOrderIsRead() throws Exception {
        // Alertmanager writes the alerts before the group's status is known to a reader going front to back.
        Read r = read(json("{'receiver':'r','alerts':[{'labels':{'alertname':'A'},'annotations':{}}],"
                + "'status':'resolved','groupLabels':{},'commonLabels':{},'commonAnnotations':{'summary':'s'},"
                + "'externalURL':'http://am','version':'4','groupKey':'{}','truncatedAlerts':3}"), Set.of());
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.status()).isNull());
        assertThat(r.payload()).isEqualTo(new Payload(AlertStatus.RESOLVED, 1, 3, "s"));
    }

    @Test
    void anEmptyOrBlankBodyIsAPlainHeartbeat() throws Exception {
        assertThat(read(new byte[0], Set.of()).payload().isPlainHeartbeat()).isTrue();
        assertThat(read(" \n\t".getBytes(StandardCharsets.UTF_8), Set.of()).payload().isPlainHeartbeat()).isTrue();
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        Read r = read(json("{'status':'firing','future':{'x':[1,{'y':null}]},'alerts':[{'status':'firing',"
                + "'labels':{'alertname':'A'},'silencedBy':['x'],'values':{'B':1.5}}]}"), Set.of());
        assertThat(r.alerts()).extracting(Alert::name).containsExactly("A");
    }

    @Test
    void nullMapsCountAsEmpty() throws Exception {
        Read r = read(json("{'status':'firing','commonLabels':null,'alerts':[{'labels':null,'annotations':null}]}"),
                Set.of());
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.labels()).isEmpty();
            assertThat(a.summary()).isNull();
        });
    }

    @Test
    void longTextTheBridgeDoesNotUseIsSkippedWithoutLimit() throws Exception {
        String description = "d".repeat(900_000);
        Read r = read(json("{'status':'firing','alerts':[{'status':'firing','labels':{'alertname':'A','long':'"
                + description + "'},'annotations':{'description':'" + description + "'}}]}"), Set.of());
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.labels()).containsOnlyKeys("alertname"));
    }

    @Test
    void keptTextUpToItsBoundIsRead() throws Exception {
        String summary = "s".repeat(PayloadReader.MAX_TEXT);
        Read r = read(json("{'status':'firing','alerts':[{'annotations':{'summary':'" + summary + "'}}]}"), Set.of());
        assertThat(r.alerts().get(0).summary()).isEqualTo(summary);
    }

    @Test
    void manyAlertsStreamThroughOneByOne() throws Exception {
        int n = 300_000;
        InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(json("{'status':'firing','alerts':[{}")),
                new ByteArrayInputStream(",{}".repeat(n - 1).getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(json("]}")))));
        long count = 0;
        try (PayloadStream stream = READER.open(body, Set.of())) {
            while (stream.next() != null) {
                count++;
            }
            assertThat(stream.payload().alerts()).isEqualTo(n);
        }
        assertThat(count).isEqualTo(n);
    }

    static Stream<Arguments> hostileBodies() {
        String firing = "{'status':'firing','alerts':[";
        return Stream.of(
                Arguments.of("not JSON", "hello".getBytes(StandardCharsets.UTF_8), "not valid JSON: Unrecognized token"),
                Arguments.of("truncated JSON", json(firing), "not valid JSON: Unexpected end-of-input"),
                Arguments.of("a second value", json("{'status':'firing','alerts':[]} {}"),
                        "not valid JSON: more than one value in the body"),
                Arguments.of("an array", json("[1,2]"), "the body is not a JSON object"),
                Arguments.of("a string", json("'firing'"), "the body is not a JSON object"),
                Arguments.of("JSON null", json("null"), "the body is JSON null, not an object"),
                Arguments.of("an empty object", json("{}"), "status: required (\"firing\" or \"resolved\")"),
                Arguments.of("stray JSON", json("{'hello':'world'}"), "status: required (\"firing\" or \"resolved\")"),
                Arguments.of("alerts without status", json("{'alerts':[]}"), "status: required"),
                Arguments.of("status without alerts", json("{'status':'firing'}"), "alerts: required (an array of alerts)"),
                Arguments.of("every field null", json("{'status':null,'alerts':null,'truncatedAlerts':null}"),
                        "status: expected \"firing\" or \"resolved\""),
                Arguments.of("status of a wrong value", json("{'status':'burning','alerts':[]}"),
                        "status: expected \"firing\" or \"resolved\""),
                Arguments.of("status in capitals", json("{'status':'FIRING','alerts':[]}"),
                        "status: expected \"firing\" or \"resolved\""),
                Arguments.of("status as a number", json("{'status':1,'alerts':[]}"),
                        "status: expected \"firing\" or \"resolved\""),
                Arguments.of("alerts as a string", json("{'status':'firing','alerts':'many'}"),
                        "alerts: expected an array of alerts"),
                Arguments.of("alerts as an object", json("{'status':'firing','alerts':{}}"),
                        "alerts: expected an array of alerts"),
                Arguments.of("a null alert", json(firing + "null]}"), "alerts[0]: expected an object"),
                Arguments.of("an alert as a string", json(firing + "{},'x']}"), "alerts[1]: expected an object"),
                Arguments.of("an alert's status", json(firing + "{'status':'gone'}]}"),
                        "alerts[0].status: expected \"firing\" or \"resolved\""),
                Arguments.of("labels as a list", json(firing + "{'labels':['a']}]}"),
                        "alerts[0].labels: expected an object of strings"),
                Arguments.of("a label value as a number", json(firing + "{'labels':{'a':1}}]}"),
                        "alerts[0].labels.a: expected a string"),
                Arguments.of("a label value as an object", json(firing + "{'labels':{'a':{'b':'c'}}}]}"),
                        "alerts[0].labels.a: expected a string"),
                Arguments.of("a label value null", json(firing + "{'labels':{'a':null}}]}"),
                        "alerts[0].labels.a: expected a string"),
                Arguments.of("an annotation as a number", json(firing + "{'annotations':{'summary':5}}]}"),
                        "alerts[0].annotations.summary: expected a string"),
                Arguments.of("commonLabels as a string", json("{'status':'firing','alerts':[],'commonLabels':'x'}"),
                        "commonLabels: expected an object of strings"),
                Arguments.of("version as a number", json("{'version':4,'status':'firing','alerts':[]}"),
                        "version: expected a string"),
                Arguments.of("a negative count", json("{'status':'firing','alerts':[],'truncatedAlerts':-1000}"),
                        "truncatedAlerts: expected a whole number from 0 to 9223372036854775807"),
                Arguments.of("a count beyond 64 bits",
                        json("{'status':'firing','alerts':[],'truncatedAlerts':99999999999999999999}"),
                        "truncatedAlerts: expected a whole number from 0"),
                Arguments.of("a fractional count", json("{'status':'firing','alerts':[],'truncatedAlerts':1.5}"),
                        "truncatedAlerts: expected a whole number from 0"),
                Arguments.of("a count as text", json("{'status':'firing','alerts':[],'truncatedAlerts':'5'}"),
                        "truncatedAlerts: expected a whole number from 0"),
                Arguments.of("a repeated status", json("{'status':'resolved','alerts':[],'status':'firing'}"),
                        "the field \"status\" appears twice"),
                Arguments.of("a repeated label", json(firing + "{'labels':{'a':'1','a':'2'}}]}"),
                        "alerts[0].labels: the field \"a\" appears twice"),
                Arguments.of("a repeated name in an alert", json(firing + "{'labels':{},'labels':{}}]}"),
                        "alerts[0]: the field \"labels\" appears twice"),
                Arguments.of("a repeated name in an unknown field",
                        json("{'status':'firing','alerts':[],'x':{'a':1,'a':2}}"), "x: the field \"a\" appears twice"),
                Arguments.of("deep nesting", ("{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                        .getBytes(StandardCharsets.UTF_8), "x: nested deeper than 16 levels"),
                Arguments.of("a summary beyond the bound on kept text",
                        json(firing + "{'annotations':{'summary':'" + "s".repeat(8 * 1024 + 1) + "'}}]}"),
                        "alerts[0].annotations.summary: a string longer than 8192 characters"),
                Arguments.of("a long field name", json("{'" + "n".repeat(1025) + "':1}"),
                        "a field name longer than 1024 characters"),
                Arguments.of("too many labels", json(firing + "{'labels':{" + manyLabels(600) + "}}]}"),
                        "alerts[0].labels: more than 512 field names"),
                Arguments.of("a control character in a name", json(firing + "{'labels':{'a\\u001b[31m':1}}]}"),
                        "alerts[0].labels.a?[31m: expected a string"),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', 's', 't', 'a', 't', 'u', 's', '"', ':', '"',
                    (byte) 0xC3, (byte) 0x28, '"', '}'}, "not valid JSON: the body is not valid UTF-8"),
                Arguments.of("invalid UTF-8 in text that is skipped", new byte[] {'{', '"', 'x', '"', ':', '"',
                    (byte) 0xFF, '"', '}'}, "not valid JSON: the body is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileBodiesAreRefusedNamingTheField(String what, byte[] body, String reason) {
        assertThatThrownBy(() -> read(body, Set.of("cluster")))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith(reason)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(200)
                        .doesNotContain("\n").doesNotContain("\u001b").doesNotContain("dev.kumapush")
                        .doesNotContain("Source"));
    }

    private static String manyLabels(int n) {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < n; i++) {
            labels.append(i == 0 ? "" : ",").append("'l").append(i).append("':'v'");
        }
        return labels.toString();
    }

    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
