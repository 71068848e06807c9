package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import dev.kumapush.kuma.RecordingResolverProvider;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proxies from the environment (where pushes go, with which credentials) and Kuma behind TLS with a private CA. */
class OutboundTest {

    @Test
    void httpProxyCarriesThePushToKuma() throws Exception {
        try (FakeKuma proxy = FakeKuma.start()) {
            // The fake answers requests in absolute form, as a forwarding proxy receives them.
            String url = "http://kuma.example.invalid/api/push/" + FakeKuma.TOKEN;
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url,
                    "HTTP_PROXY", "127.0.0.1:" + proxy.port()))) {
                assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            }
            assertThat(proxy.requests()).hasSize(1);
            assertThat(proxy.requests().get(0).headers().getFirst("Host")).isEqualTo("kuma.example.invalid");
        }
    }

    @Test
    void noProxyListsHostsReachedDirectly() throws Exception {
        try (FakeKuma proxy = FakeKuma.start(); FakeKuma kuma = FakeKuma.start()) {
            // A name (not a loopback address, which always goes direct) that leads to the fake Kuma itself.
            String url = "http://kuma" + RecordingResolverProvider.LOOPBACK_DOMAIN + ":" + kuma.port() + "/api/push/"
                    + FakeKuma.TOKEN;
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url, "GET_RETRIES", "1",
                    "HTTP_PROXY", "http://127.0.0.1:" + proxy.port(), "NO_PROXY", "localhost,.loopback.test"))) {
                assertThat(bridge.post("/push", "").statusCode()).as("delivered directly").isEqualTo(200);
            }
            assertThat(kuma.requests()).hasSize(1);
            assertThat(proxy.requests()).isEmpty();

            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url, "GET_RETRIES", "1",
                    "HTTP_PROXY", "http://127.0.0.1:" + proxy.port(), "NO_PROXY", "kuma.example.com"))) {
                assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            }
            assertThat(proxy.requests()).as("a host NO_PROXY does not name goes through the proxy").hasSize(1);
            assertThat(kuma.requests()).hasSize(1);
        }
    }

    private static final FakeKuma.Answer PROXY_CHALLENGE = new FakeKuma.Reply(407, "text/plain", "who are you",
            Map.of("Proxy-Authenticate", "Basic realm=\"proxy\""));

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "user and password, percent-escaped | proxy-user:pa%24%24@ | proxy-user:pa$$",
        "user without password               | proxy-user@          | proxy-user:"})
    void proxyCredentialsReachTheProxyWhenItAsksForThem(String what, String userInfo, String sent) throws Exception {
        try (FakeKuma proxy = FakeKuma.start()) {
            proxy.then(PROXY_CHALLENGE);
            String url = "http://kuma.example.invalid/api/push/" + FakeKuma.TOKEN;
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", url, "GET_RETRIES", "1",
                    // Credentials for another proxy host must not be the ones sent.
                    "HTTPS_PROXY", "http://other:wrong@proxy.example.invalid:3128",
                    "HTTP_PROXY", "http://" + userInfo + "127.0.0.1:" + proxy.port()))) {
                assertThat(bridge.post("/push", "").statusCode()).isEqualTo(200);
            }
            List<FakeKuma.Seen> seen = proxy.requests();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).headers().getFirst("Proxy-Authorization")).as("before the challenge").isNull();
            assertThat(seen.get(1).headers().getFirst("Proxy-Authorization")).isEqualTo(basic(sent));
            assertThat(seen.get(1).headers().getFirst("Authorization")).as("Kuma's own header").isNull();
        }
    }

    @Test
    void proxyCredentialsAreNeverSentToKuma() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.then(new FakeKuma.Reply(401, "text/plain", "who are you",
                    Map.of("WWW-Authenticate", "Basic realm=\"kuma\"")));
            // Kuma on loopback is reached directly; the proxy, on the same host, is never used.
            try (RunningBridge bridge = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "GET_RETRIES", "1", "HTTP_PROXY", "http://proxy-user:hunter2@127.0.0.1:9"))) {
                // With proxy credentials configured the JDK asks the bridge for Kuma's, finds none, and fails the try.
                HttpResponse<String> answer = bridge.post("/push", "");
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).contains("failed after 1 try").doesNotContain("hunter2");
            }
            assertThat(kuma.requests()).hasSize(1);
            assertThat(kuma.requests().get(0).headers().getFirst("Authorization")).isNull();
        }
    }

    @Test
    void kumaBehindTlsWithAPrivateCaNeedsTheCaFile(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("kuma.p12");
        Path caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "kuma", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "kuma", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());

        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
        try (FakeKuma kuma = FakeKuma.start(https)) {
            try (RunningBridge untrusting = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "GET_RETRIES", "1"))) {
                HttpResponse<String> answer = untrusting.post("/push", "");
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).contains("SSLHandshakeException");
            }
            assertThat(kuma.requests()).isEmpty();

            try (RunningBridge trusting = RunningBridge.start(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "UPTIME_KUMA_CA_FILE", caPem.toString()))) {
                assertThat(trusting.post("/push", "").statusCode()).isEqualTo(200);
            }
            assertThat(kuma.requests()).hasSize(1);
        }
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool said: %s", output).isZero();
    }
}
