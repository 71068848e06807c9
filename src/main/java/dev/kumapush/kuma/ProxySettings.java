package dev.kumapush.kuma;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Outbound proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (or their lower-case spellings),
 * with the meaning Go's HTTP client gives them.
 *
 * @param httpsProxy proxy for https:// push URLs
 * @param httpProxy  proxy for http:// push URLs
 * @param noProxy    hosts, domains, IP addresses or CIDR ranges reached directly; {@code *} for all
 */
public record ProxySettings(Optional<URI> httpsProxy, Optional<URI> httpProxy, List<String> noProxy) {

    public static final ProxySettings NONE = new ProxySettings(Optional.empty(), Optional.empty(), List.of());

    public ProxySettings {
        noProxy = List.copyOf(noProxy);
    }

    /** The proxy for a target scheme, if any. */
    public Optional<URI> forScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? httpsProxy : httpProxy;
    }

    @Override
    public String toString() {
        return "ProxySettings[httpsProxy=" + httpsProxy.map(ProxySettings::redacted).orElse("none")
                + ", httpProxy=" + httpProxy.map(ProxySettings::redacted).orElse("none") + ", noProxy=" + noProxy + "]";
    }

    /** A proxy URL without its credentials. */
    public static String redacted(URI proxy) {
        return proxy.getScheme() + "://" + (proxy.getRawUserInfo() == null ? "" : "****@") + proxy.getHost()
                + (proxy.getPort() < 0 ? "" : ":" + proxy.getPort());
    }
}
