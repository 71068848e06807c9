package dev.kumapush.kuma;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installed for the test JVM through {@code META-INF/services}: passes every name lookup on to the JDK's own resolver
 * and remembers the names, so that tests can check that code does not resolve host names. Names under
 * {@value #PROBE_DOMAIN} are answered here, without the network, so that a test can check this resolver is in use;
 * names under {@value #LOOPBACK_DOMAIN} are 127.0.0.1, so that a test can reach a fake by a name that no rule about
 * loopback addresses or {@code localhost} applies to.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {
    static final String PROBE_DOMAIN = ".resolver-probe.test";
    public static final String LOOPBACK_DOMAIN = ".loopback.test";
    private static final List<String> LOOKUPS = new ArrayList<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                synchronized (LOOKUPS) {
                    LOOKUPS.add(host);
                }
                if (host.endsWith(PROBE_DOMAIN)) {
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 1}));
                }
                if (host.endsWith(LOOPBACK_DOMAIN)) {
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "recording resolver for tests";
    }

    /** The names looked up since the last call, and forgets them. */
    static List<String> takeLookups() {
        synchronized (LOOKUPS) {
            List<String> taken = List.copyOf(LOOKUPS);
            LOOKUPS.clear();
            return taken;
        }
    }
}
