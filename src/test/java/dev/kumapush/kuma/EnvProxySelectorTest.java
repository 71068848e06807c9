package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which proxy a push URL goes through: the scheme's proxy, its default port, and NO_PROXY with the URL's port. */
class EnvProxySelectorTest {

    /**
     * HTTPS_PROXY and HTTP_PROXY as the loader leaves them, NO_PROXY entries separated by ';', the push URL, and the
     * proxy it goes through (host:port) or DIRECT.
     */
    @ParameterizedTest(name = "{3} via {4}")
    @CsvSource(emptyValue = "", value = {
        "http://tls-proxy:3128, http://plain-proxy:8080, '', https://kuma.example.com/api/push/T, tls-proxy:3128",
        "http://tls-proxy:3128, http://plain-proxy:8080, '', http://kuma.example.com/api/push/T, plain-proxy:8080",
        "http://tls-proxy, '', '', https://kuma.example.com/api/push/T, tls-proxy:80",
        "'', http://plain-proxy:8080, '', https://kuma.example.com/api/push/T, DIRECT",
        "http://tls-proxy:3128, '', kuma.example.com:443, https://kuma.example.com/api/push/T, DIRECT",
        "http://tls-proxy:3128, '', kuma.example.com:80, https://kuma.example.com/api/push/T, tls-proxy:3128",
        "'', http://plain-proxy:8080, kuma.example.com:80, http://kuma.example.com/api/push/T, DIRECT",
        "'', http://plain-proxy:8080, kuma.example.com:443, http://kuma.example.com/api/push/T, plain-proxy:8080",
        "http://tls-proxy:3128, '', kuma.example.com:8443, https://kuma.example.com:8443/api/push/T, DIRECT",
        "http://tls-proxy:3128, '', kuma.example.com:443, https://kuma.example.com:8443/api/push/T, tls-proxy:3128",
        "http://tls-proxy:3128, '', '', https://127.0.0.1/api/push/T, DIRECT"})
    void aPushGoesThroughItsSchemesProxyUnlessNoProxyNamesItsHostAndPort(String https, String http, String noProxy,
            String url, String expected) {
        ProxySettings settings = new ProxySettings(proxy(https), proxy(http),
                noProxy.isEmpty() ? List.of() : Arrays.asList(noProxy.split(";")));

        List<Proxy> chosen = new EnvProxySelector(settings).select(URI.create(url));

        assertThat(chosen).hasSize(1);
        if (expected.equals("DIRECT")) {
            assertThat(chosen.get(0)).isEqualTo(Proxy.NO_PROXY);
        } else {
            String[] hostPort = expected.split(":");
            assertThat(chosen.get(0).type()).isEqualTo(Proxy.Type.HTTP);
            assertThat(chosen.get(0).address()).isEqualTo(InetSocketAddress.createUnresolved(hostPort[0],
                    Integer.parseInt(hostPort[1])));
        }
    }

    private static Optional<URI> proxy(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(URI.create(text));
    }
}
