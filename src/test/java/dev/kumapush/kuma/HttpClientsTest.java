package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UPTIME_KUMA_CA_FILE adds a private CA to the JDK's public ones, never in their place. */
class HttpClientsTest {
    @TempDir
    Path dir;

    private static Path privateCa() throws URISyntaxException {
        return Path.of(HttpClientsTest.class.getResource("/tls/private-ca.pem").toURI());
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @Test
    void aCaFileKeepsEveryCaTheJdkTrusts() throws Exception {
        X509Certificate[] jdk = jdkTrustManager().getAcceptedIssuers();

        X509TrustManager trust = HttpClients.trustManager(privateCa());

        assertThat(jdk).hasSizeGreaterThan(10);
        assertThat(trust.getAcceptedIssuers()).contains(jdk).contains(certificate(privateCa()))
                .hasSize(jdk.length + 1);
    }

    @Test
    void aPublicRootStillValidatesWithACaFile() throws Exception {
        X509Certificate publicRoot = List.of(jdkTrustManager().getAcceptedIssuers()).stream()
                .filter(c -> c.getPublicKey().getAlgorithm().equals("RSA")).findFirst().orElseThrow();

        X509TrustManager trust = HttpClients.trustManager(privateCa());

        trust.checkServerTrusted(new X509Certificate[] {publicRoot}, "RSA");
        trust.checkServerTrusted(new X509Certificate[] {certificate(privateCa())}, "EC");
    }

    @Test
    void withoutACaFileTheJdksDefaultContextIsUsed() throws Exception {
        assertThat(HttpClients.sslContext(Optional.empty())).isSameAs(SSLContext.getDefault());
        assertThat(HttpClients.sslContext(Optional.of(privateCa()))).isNotSameAs(SSLContext.getDefault());
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingTheSetting() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> HttpClients.sslContext(Optional.of(empty)))
                .withMessage("UPTIME_KUMA_CA_FILE: no PEM certificate found in " + empty);
    }

    @Test
    void aCaFileThatIsNotPemIsRefusedNamingTheSettingAndTheFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> HttpClients.sslContext(Optional.of(garbage)))
                .withMessageStartingWith("UPTIME_KUMA_CA_FILE: cannot use " + garbage + ": ");
    }

    @Test
    void onlyAProxyWithUserInfoNeedsCredentials() {
        URI plain = URI.create("http://proxy:3128");
        URI withUser = URI.create("http://user:pw@proxy:3128");

        assertThat(HttpClients.proxyNeedsCredentials(ProxySettings.NONE)).isFalse();
        assertThat(HttpClients.proxyNeedsCredentials(new ProxySettings(Optional.of(plain), Optional.of(plain),
                List.of()))).isFalse();
        assertThat(HttpClients.proxyNeedsCredentials(new ProxySettings(Optional.of(withUser), Optional.empty(),
                List.of()))).isTrue();
        assertThat(HttpClients.proxyNeedsCredentials(new ProxySettings(Optional.of(plain), Optional.of(withUser),
                List.of()))).isTrue();
    }
}
