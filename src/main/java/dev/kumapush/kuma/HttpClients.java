package dev.kumapush.kuma;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the one {@link HttpClient} all pushes share, so connections to Kuma are reused. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * A client for pushes: HTTP/1.1 with keep-alive, proxies from the environment, the JDK's trusted CAs
     * plus {@code UPTIME_KUMA_CA_FILE}, redirects followed except from https to http.
     *
     * @param connectTimeout time allowed to connect (the push timeout)
     * @param caFile         extra trusted CA certificates, PEM
     * @param proxies        outbound proxies
     * @throws IOException when the CA file cannot be read or holds no certificate
     */
    public static HttpClient create(Duration connectTimeout, Optional<Path> caFile, ProxySettings proxies)
            throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                // Without an executor the client grows a pool of platform threads under load (66 measured at 64
                // concurrent pushes, 10 MB more RSS); virtual threads cost a few hundred bytes each.
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .sslContext(sslContext(caFile));
        if (proxies.httpsProxy().isPresent() || proxies.httpProxy().isPresent()) {
            builder.proxy(new EnvProxySelector(proxies));
            proxyAuthenticator(proxies).ifPresent(builder::authenticator);
        }
        return builder.build();
    }

    /**
     * Loads the classes of a push ahead of need: the JDK's default TLS context (its trust store) and the reading of
     * Kuma's answer. Changes nothing; used at start-up to shorten the first push.
     */
    public static void preload() {
        try {
            SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            // The real client creation meets this again and reports it.
        }
        KumaAnswer.judge(200, "{\"ok\":true,\"msg\":\"\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** True when a proxy URL carries credentials, which the JDK only sends through a tunnel when allowed to. */
    public static boolean proxyNeedsCredentials(ProxySettings proxies) {
        return proxies.httpsProxy().map(URI::getRawUserInfo).isPresent()
                || proxies.httpProxy().map(URI::getRawUserInfo).isPresent();
    }

    private static Optional<Authenticator> proxyAuthenticator(ProxySettings proxies) {
        if (!proxyNeedsCredentials(proxies)) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (Optional<URI> proxy : java.util.List.of(proxies.httpsProxy(), proxies.httpProxy())) {
                    if (proxy.isPresent() && proxy.get().getRawUserInfo() != null
                            && proxy.get().getHost().equalsIgnoreCase(getRequestingHost())) {
                        String[] parts = proxy.get().getRawUserInfo().split(":", 2);
                        String user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                        String password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
                        return new PasswordAuthentication(user, password.toCharArray());
                    }
                }
                return null;
            }
        });
    }

    static SSLContext sslContext(Optional<Path> caFile) throws IOException {
        try {
            if (caFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(caFile.get())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("UPTIME_KUMA_CA_FILE: cannot use " + caFile.orElse(null) + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the JDK's own CAs and, besides them, those of the PEM file. */
    static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int n = 0;
        for (X509Certificate cert : x509(null).getAcceptedIssuers()) {
            trusted.setCertificateEntry("jdk-" + n++, cert);
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(caFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new IOException("UPTIME_KUMA_CA_FILE: no PEM certificate found in " + caFile);
        }
        for (Certificate cert : extra) {
            trusted.setCertificateEntry("extra-" + n++, cert);
        }
        return x509(trusted);
    }

    /** The X.509 trust manager for these trusted certificates; null for the JDK's own. */
    private static X509TrustManager x509(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
