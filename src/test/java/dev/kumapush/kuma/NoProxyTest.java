package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoProxyTest {

    @BeforeEach
    void forgetEarlierLookups() {
        RecordingResolverProvider.takeLookups();
    }

    private static List<String> entries(String noProxy) {
        return noProxy.isEmpty() ? List.of() : Arrays.asList(noProxy.split(";"));
    }

    /**
     * NO_PROXY entries (separated by ';' here, as the loader has already split, trimmed and lower-cased them), the
     * target host and port, and whether the request goes direct.
     */
    @ParameterizedTest(name = "NO_PROXY=\"{0}\", {1}:{2} direct={3}")
    @CsvSource(emptyValue = "", value = {
            // nothing configured: only localhost and loopback addresses go direct
            "'', kuma.example.com, 443, false",
            "'', localhost, 80, true",
            "'', LocalHost, 80, true",
            "'', 127.0.0.1, 443, true",
            "'', 127.8.9.10, 443, true",
            "'', [::1], 443, true",
            "'', ::1, 443, true",
            "'', [::ffff:127.0.0.1], 443, true",
            "'', localhost.localdomain, 80, false",
            "'', foo.localhost, 80, false",
            "'', 10.0.0.1, 80, false",
            "'', [2001:db8::1], 80, false",
            // * means everything
            "*, kuma.example.com, 443, true",
            "*, 10.0.0.1, 80, true",
            "other.example;*, [2001:db8::1], 80, true",
            // a name matches itself and its subdomains, nothing else
            "example.com, example.com, 443, true",
            "example.com, EXAMPLE.com, 443, true",
            "example.com, kuma.example.com, 443, true",
            "example.com, a.b.example.com, 443, true",
            "example.com, notexample.com, 443, false",
            "example.com, example.com.evil.net, 443, false",
            "example.com, example.org, 443, false",
            "kuma.example.com, example.com, 443, false",
            // .name matches only subdomains
            ".example.com, example.com, 443, false",
            ".example.com, kuma.example.com, 443, true",
            ".example.com, a.b.example.com, 443, true",
            ".example.com, notexample.com, 443, false",
            // *.name is the same as .name
            "*.example.com, example.com, 443, false",
            "*.example.com, kuma.example.com, 443, true",
            "*.example.com, notexample.com, 443, false",
            // several entries: any one is enough
            "a.example;b.example;c.example, kuma.b.example, 443, true",
            "a.example;b.example;c.example, d.example, 443, false",
            // IPv4 and IPv6 literals match the same address only
            "10.0.0.1, 10.0.0.1, 80, true",
            "10.0.0.1, 10.0.0.2, 80, false",
            "10.0.0.1, 110.0.0.1, 80, false",
            "2001:db8::1, [2001:db8::1], 443, true",
            "2001:db8::1, [2001:db8:0:0:0:0:0:1], 443, true",
            "[2001:db8::1], [2001:db8::1], 443, true",
            "2001:db8::1, [2001:db8::2], 443, false",
            // CIDR ranges, IPv4
            "10.0.0.0/8, 10.1.2.3, 443, true",
            "10.0.0.0/8, 11.0.0.1, 443, false",
            "192.168.1.0/24, 192.168.1.200, 443, true",
            "192.168.1.0/24, 192.168.2.1, 443, false",
            "192.168.1.128/25, 192.168.1.127, 443, false",
            "192.168.1.128/25, 192.168.1.129, 443, true",
            "10.0.0.5/32, 10.0.0.5, 443, true",
            "10.0.0.5/32, 10.0.0.6, 443, false",
            "0.0.0.0/0, 203.0.113.9, 443, true",
            "10.0.0.0/8, kuma.example.com, 443, false",
            "10.0.0.0/8, [2001:db8::1], 443, false",
            "10.0.0.0/33, 10.0.0.1, 443, false",
            "10.0.0.0/x, 10.0.0.1, 443, false",
            // CIDR ranges, IPv6
            "2001:db8::/32, [2001:db8:1234::5], 443, true",
            "2001:db8::/32, [2001:db9::5], 443, false",
            "fd00::/8, [fd12:3456::1], 443, true",
            "fd00::/8, [fe80::1], 443, false",
            "::/0, [2001:db8::1], 443, true",
            "2001:db8::/32, 10.0.0.1, 443, false",
            "2001:db8::/129, [2001:db8::1], 443, false",
            // host:port entries only match that port
            "kuma.example.com:8443, kuma.example.com, 8443, true",
            "kuma.example.com:8443, kuma.example.com, 443, false",
            "example.com:8443, kuma.example.com, 8443, true",
            ".example.com:443, kuma.example.com, 443, true",
            ".example.com:443, example.com, 443, false",
            "10.0.0.1:8080, 10.0.0.1, 8080, true",
            "10.0.0.1:8080, 10.0.0.1, 80, false",
            "[2001:db8::1]:8443, [2001:db8::1], 8443, true",
            "[2001:db8::1]:8443, [2001:db8::1], 443, false",
            "kuma.example.com:http, kuma.example.com, 80, false",
            // names are compared as text, never resolved
            "kuma.invalid, kuma.invalid, 443, true",
            "kuma.invalid, www.kuma.invalid, 443, true",
            "kuma.invalid, kuma.invalid.example, 443, false",
            "10.0.0.0/8, kuma.invalid, 443, false",
            "127.0.0.1, kuma.invalid, 443, false",
            "999.999.999.999, kuma.invalid, 443, false",
            "999.999.999.999, 999.999.999.999, 443, true",
            "zz:1:2, kuma.invalid, 443, false",
            "'', 999.1.1.1, 443, false"})
    void decidesLikeGo(String noProxy, String host, int port, boolean direct) {
        assertThat(NoProxy.direct(entries(noProxy), host, port)).isEqualTo(direct);
        assertThat(RecordingResolverProvider.takeLookups()).as("names looked up").isEmpty();
    }

    @Test
    void theRecordingResolverIsInUseSoTheNoLookupChecksMeanSomething() throws UnknownHostException {
        String probe = "probe-" + System.nanoTime() + RecordingResolverProvider.PROBE_DOMAIN;

        InetAddress.getByName(probe);

        assertThat(RecordingResolverProvider.takeLookups()).contains(probe);
    }

    @Test
    void literalReadsAddressesAndLeavesNamesAlone() {
        assertThat(NoProxy.literal("10.1.2.3")).isNotNull();
        assertThat(NoProxy.literal("2001:db8::1")).isNotNull();
        assertThat(NoProxy.literal("kuma.example.com")).isNull();
        assertThat(NoProxy.literal("kuma.invalid")).isNull();
        assertThat(NoProxy.literal("1.2.3")).isNull();
        assertThat(NoProxy.literal("256.1.1.1")).isNull();
        assertThat(NoProxy.literal("g:h")).isNull();
        assertThat(RecordingResolverProvider.takeLookups()).as("names looked up").isEmpty();
    }
}
