package dev.kumapush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {

    @ParameterizedTest(name = "\"{0}\" is host \"{1}\" port {2}")
    @CsvSource(emptyValue = "", value = {
            "':8081', '', 8081",
            "'0.0.0.0:9000', '0.0.0.0', 9000",
            "'127.0.0.1:80', '127.0.0.1', 80",
            "'localhost:8081', 'localhost', 8081",
            "'[::1]:8081', '::1', 8081",
            "'[::]:8081', '::', 8081",
            "'[2001:db8::1]:443', '2001:db8::1', 443",
            "':0', '', 0",
            "':65535', '', 65535"})
    void parsesValidForms(String text, String host, int port) throws ConfigException {
        assertThat(ListenAddress.parse("LISTEN_ADDRESS", text)).isEqualTo(new ListenAddress(host, port));
    }

    @ParameterizedTest(name = "\"{0}\" fails with \"{1}\"")
    @CsvSource(emptyValue = "", value = {
            "'8081', 'LISTEN_ADDRESS: expected host:port or :port, found \"8081\"'",
            "'localhost', 'LISTEN_ADDRESS: expected host:port or :port, found \"localhost\"'",
            "'', 'LISTEN_ADDRESS: expected host:port or :port, found \"\"'",
            "':99999', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \":99999\"'",
            "':65536', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \":65536\"'",
            "':-1', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \":-1\"'",
            "':http', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \":http\"'",
            "'localhost:', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \"localhost:\"'",
            "'[::1]:', 'LISTEN_ADDRESS: port must be a number from 0 to 65535, found \"[::1]:\"'",
            "'::1:80', 'LISTEN_ADDRESS: an IPv6 address needs brackets, as in [::1]:8081, found \"::1:80\"'",
            "'2001:db8::1:443', 'LISTEN_ADDRESS: an IPv6 address needs brackets, as in [::1]:8081, found \"2001:db8::1:443\"'"})
    void rejectsInvalidFormsNamingTheSettingAndValue(String text, String message) {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ListenAddress.parse("LISTEN_ADDRESS", text))
                .withMessage(message);
    }

    @Test
    void messageNamesWhicheverSettingIsPassed() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ListenAddress.parse("METRICS_ADDRESS", "8081"))
                .withMessageStartingWith("METRICS_ADDRESS: ");
    }

    @ParameterizedTest(name = "{0} prints as \"{1}\"")
    @CsvSource(emptyValue = "", value = {
            "':8081', ':8081'",
            "'localhost:80', 'localhost:80'",
            "'[::1]:8081', '[::1]:8081'"})
    void toStringWritesTheAddressBackWithBracketsForIpv6(String text, String printed) throws ConfigException {
        assertThat(ListenAddress.parse("LISTEN_ADDRESS", text)).hasToString(printed);
    }

    @Test
    void emptyHostBindsAllInterfaces() {
        InetSocketAddress all = new ListenAddress("", 8081).socketAddress();
        assertThat(all.getAddress().isAnyLocalAddress()).isTrue();
        assertThat(all.getPort()).isEqualTo(8081);
    }

    @Test
    void literalHostBindsThatAddress() {
        InetSocketAddress loopback = new ListenAddress("127.0.0.1", 9000).socketAddress();
        assertThat(loopback.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(loopback.getPort()).isEqualTo(9000);
    }
}
