package dev.kumapush.alertmanager;

import static dev.kumapush.alertmanager.PayloadReaderTest.json;
import static dev.kumapush.alertmanager.PayloadReaderTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field the bridge knows has its type, and the bound on names held at once counts only the objects open now:
 * a payload of a thousand alerts costs what one costs.
 */
class PayloadShapeTest {
    private static final String FIRING = "{'status':'firing','alerts':[";

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{'status':'firing','alerts':[],'version':4}", "version: expected a string"),
                Arguments.of("{'status':'firing','alerts':[],'groupKey':{}}", "groupKey: expected a string"),
                Arguments.of("{'status':'firing','alerts':[],'receiver':null}", "receiver: expected a string"),
                Arguments.of("{'status':'firing','alerts':[],'externalURL':[]}", "externalURL: expected a string"),
                Arguments.of("{'status':'firing','alerts':[],'groupLabels':'x'}",
                        "groupLabels: expected an object of strings"),
                Arguments.of("{'status':'firing','alerts':[],'commonLabels':{'a':1}}",
                        "commonLabels.a: expected a string"),
                Arguments.of("{'status':'firing','alerts':[],'commonAnnotations':[]}",
                        "commonAnnotations: expected an object of strings"),
                Arguments.of("{'status':'firing','alerts':[],'truncatedAlerts':-1}",
                        "truncatedAlerts: expected a whole number from 0 to 9223372036854775807"),
                Arguments.of("{'status':'firing','alerts':[],'truncatedAlerts':1.5}",
                        "truncatedAlerts: expected a whole number from 0 to 9223372036854775807"),
                Arguments.of("{'status':'firing','alerts':[],'truncatedAlerts':'3'}",
                        "truncatedAlerts: expected a whole number from 0 to 9223372036854775807"),
                Arguments.of("{'status':'firing','alerts':[],'truncatedAlerts':9223372036854775808}",
                        "truncatedAlerts: expected a whole number from 0 to 9223372036854775807"),
                Arguments.of(FIRING + "{'startsAt':5}]}", "alerts[0].startsAt: expected a string"),
                Arguments.of(FIRING + "{'endsAt':true}]}", "alerts[0].endsAt: expected a string"),
                Arguments.of(FIRING + "{},{'generatorURL':{}}]}", "alerts[1].generatorURL: expected a string"),
                Arguments.of(FIRING + "{'fingerprint':1}]}", "alerts[0].fingerprint: expected a string"),
                Arguments.of(FIRING + "{'status':'pending'}]}", "alerts[0].status: expected \"firing\" or \"resolved\""),
                Arguments.of(FIRING + "{'annotations':'x'}]}", "alerts[0].annotations: expected an object of strings"),
                Arguments.of(FIRING + "5]}", "alerts[0]: expected an object"),
                Arguments.of("{'status':'firing','alerts':[],'x':" + "1".repeat(100) + "}",
                        // Jackson reads a value with its field's name, so the name is not known yet.
                        "a number with too many digits"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongTypes")
    void aKnownFieldOfTheWrongTypeIsRefusedNamingIt(String body, String reason) {
        assertThatThrownBy(() -> read(json(body), Set.of()))
                .isInstanceOf(PayloadException.class).hasMessage(reason);
    }

    @Test
    void theFieldsOfAlertsThatEndedNoLongerCount() throws Exception {
        String alert = "{'status':'firing','labels':{'alertname':'A','team':'x'},'annotations':{'summary':'s'},"
                + "'startsAt':'t','endsAt':'t','generatorURL':'u','fingerprint':'f','extra':{'p':1,'q':[{'r':2}]}}";

        PayloadReaderTest.Read r = read(json(FIRING + String.join(",", java.util.Collections.nCopies(1000, alert))
                + "]}"), Set.of("team"));

        assertThat(r.alerts()).hasSize(1000);
        assertThat(r.alerts().get(999).labels()).containsEntry("team", "x");
    }

    /** Labels that make exactly {@code total} names open at once: status, alerts, labels and the labels' own. */
    private static byte[] labels(int total) {
        StringBuilder b = new StringBuilder(FIRING + "{'labels':{");
        for (int i = 0; i < total - 3; i++) {
            b.append(i == 0 ? "" : ",").append("'l").append(i).append("':'v'");
        }
        return json(b.append("}}]}").toString());
    }

    @Test
    void atMost512NamesAreOpenAtOnce() throws Exception {
        assertThat(read(labels(FieldNames.MAX_NAMES), Set.of()).alerts()).hasSize(1);
        assertThatThrownBy(() -> read(labels(FieldNames.MAX_NAMES + 1), Set.of()))
                .isInstanceOf(PayloadException.class)
                .hasMessage("alerts[0].labels: more than 512 field names, or 16384 characters of them, in the objects"
                        + " open at once");
    }

    /** Labels whose names, with status, alerts and labels, are exactly {@code chars} characters long together. */
    private static byte[] namesOfLength(int chars) {
        StringBuilder b = new StringBuilder(FIRING + "{'labels':{");
        int left = chars - "status".length() - "alerts".length() - "labels".length();
        for (int i = 0; left > 0; i++) {
            int length = Math.min(1000, left);
            String name = String.format("%03d", i) + "n".repeat(length - 3);
            b.append(i == 0 ? "" : ",").append('\'').append(name).append("':'v'");
            left -= length;
        }
        return b.append("}}]}").toString().replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void atMost16KiBOfNamesAreOpenAtOnce() throws Exception {
        assertThat(read(namesOfLength(FieldNames.MAX_CHARS), Set.of()).alerts()).hasSize(1);
        assertThatThrownBy(() -> read(namesOfLength(FieldNames.MAX_CHARS + 1), Set.of()))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("alerts[0].labels: more than 512 field names, or 16384 characters");
    }

    @ParameterizedTest(name = "a name of {0} characters")
    @CsvSource({"64, false", "65, true"})
    void aNameInAMessageIsCutBeyond64Characters(int length, boolean cut) {
        String name = "n".repeat(length);
        String shown = cut ? "n".repeat(64) + "..." : name;

        assertThatThrownBy(() -> read(json("{'status':'firing','alerts':[],'" + name + "':1,'" + name + "':2}"),
                Set.of())).isInstanceOf(PayloadException.class)
                .hasMessage("the field \"" + shown + "\" appears twice");
    }
}
