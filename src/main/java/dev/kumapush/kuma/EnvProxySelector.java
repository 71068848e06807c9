package dev.kumapush.kuma;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/** Chooses the proxy for a push the way Go's {@code ProxyFromEnvironment} does. */
final class EnvProxySelector extends ProxySelector {
    private final ProxySettings settings;

    EnvProxySelector(ProxySettings settings) {
        this.settings = settings;
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        if (uri.getHost() == null || NoProxy.direct(settings.noProxy(), uri.getHost(), port)) {
            return List.of(Proxy.NO_PROXY);
        }
        return settings.forScheme(scheme)
                .map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                        InetSocketAddress.createUnresolved(p.getHost(), p.getPort() < 0 ? 80 : p.getPort()))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to remember: the try fails and is reported by the caller.
    }
}
