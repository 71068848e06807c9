package dev.kumapush.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherParserTest {

    @ParameterizedTest(name = "{0} on {1}={2} is {3}")
    @CsvSource(delimiter = ';', value = {
        "cluster=\"prod-eu\"               ; cluster ; prod-eu      ; true",
        "cluster=\"prod-eu\"               ; cluster ; prod-eu-2    ; false",
        "cluster!=\"prod-eu\"              ; cluster ; staging      ; true",
        "cluster!=\"prod-eu\"              ; cluster ; prod-eu      ; false",
        "alertname=~\"Watchdog|InfoInhibitor\" ; alertname ; InfoInhibitor ; true",
        "alertname=~\"Watch\"              ; alertname ; Watchdog     ; false",
        "alertname=~\"Watch.*\"            ; alertname ; Watchdog     ; true",
        "alertname!~\"Watch.*\"            ; alertname ; Watchdog     ; false",
        "alertname!~\"Watch.*\"            ; alertname ; KubeDown     ; true",
        "cluster=prod-eu                   ; cluster ; prod-eu      ; true",
        "  cluster  =  \"prod-eu\"         ; cluster ; prod-eu      ; true",
        "team=\"\"                         ; other   ; x            ; true",
        "team!=\"\"                        ; other   ; x            ; false",
        "team=~\".*\"                      ; other   ; x            ; true",
        "msg=\"say \\\"hi\\\"\"            ; msg     ; say \"hi\"   ; true",
        "path=\"a\\\\b\"                   ; path    ; a\\b         ; true",
    })
    void matchersMeanWhatTheyMeanInAlertmanager(String text, String label, String value, boolean expected) {
        List<Matcher> matchers = MatcherParser.parse(text);
        assertThat(matchers).hasSize(1);
        assertThat(matchers.get(0).matches(Map.of(label, value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "{cluster=\"a\", env=~\"prod|stage\"} ; 2",
        "cluster=\"a\",env=\"b\"               ; 2",
        "{ cluster = \"a\" }                   ; 1",
        "{a=\"1\",b=\"2\",}                    ; 2",
    })
    void severalMatchersInOneString(String text, int count) {
        assertThat(MatcherParser.parse(text)).hasSize(count);
    }

    /** Each text and the matchers read from it, written back as Alertmanager writes them. */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = ';', value = {
        "a=b,c=\"d\"                ; a=\"b\", c=\"d\"",
        "a=b , c=d                   ; a=\"b\", c=\"d\"",
        "a=b,c=d,                    ; a=\"b\", c=\"d\"",
        "'  { a = b , c != \"d\" }  '; a=\"b\", c!=\"d\"",
        "{a=b}                       ; a=\"b\"",
        "'	{ a=~b.* }	'            ; a=~\"b.*\"",
        "{ x!~\"a|b\" ,y=z }        ; x!~\"a|b\", y=\"z\"",
        "a=two words                 ; a=\"two words\"",
        "a=\"\\q\"                 ; a=\"\\\\q\"",
        "a=\"line\\nbreak\"        ; a=\"line\\nbreak\"",
        "a=                          ; a=\"\""})
    void unquotedValuesCommasAndSpaceAroundBracesAreReadAsAlertmanagerReadsThem(String text, String read) {
        assertThat(MatcherParser.parse(text)).extracting(Matcher::toString).containsExactly(read.split(", "));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = ';', value = {
        "cluster         ; expected one of =, !=, =~, !~ at character 8 of 'cluster'",
        "cluster==\"a\" ; unexpected \"\"a\"\" at character 10 of 'cluster==\"a\"'",
        "{a=\"1\"       ; expected a closing '}' at character 7 of '{a=\"1\"'",
        "a=\"x\\       ; unterminated quoted value at character 6 of 'a=\"x\\'",
        "' '             ; no matcher at character 2 of ' '"})
    void aBadMatcherSaysWhereCountingFromOne(String text, String message) {
        assertThatThrownBy(() -> MatcherParser.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "''                      ; no matcher",
        "cluster                 ; expected one of =, !=, =~, !~",
        "=\"a\"                  ; expected a label name",
        "1abc=\"a\"              ; expected a label name",
        "cluster==\"a\"          ; unexpected",
        "cluster=\"a            ; unterminated quoted value",
        "{cluster=\"a\"          ; expected a closing '}'",
        "a=~\"(unclosed\"        ; invalid regular expression in a=~\"(unclosed\"",
        "a=~\"x**\"              ; invalid regular expression",
    })
    void badMatchersSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> MatcherParser.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"'(a+)+$', aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"})
    void regularExpressionsRunInLinearTime(String regex, String value) {
        // A backtracking engine takes ages on this; RE2 semantics answer at once.
        assertThat(MatcherParser.parse("x=~\"" + regex + "\"").get(0).matches(Map.of("x", value))).isFalse();
    }
}
