package dev.kumapush.config;

import java.net.InetSocketAddress;

/**
 * Where the bridge listens: {@code host:port}, {@code [v6]:port} or {@code :port} for all interfaces.
 *
 * @param host the host or address to bind, empty for all interfaces
 * @param port the TCP port; 0 picks a free one
 */
public record ListenAddress(String host, int port) {

    static ListenAddress parse(String setting, String text) throws ConfigException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(setting + ": expected host:port or :port, found \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ConfigException(setting + ": an IPv6 address needs brackets, as in [::1]:8081, found \"" + text + "\"");
        }
        String digits = text.substring(colon + 1);
        int port = digits.matches("[0-9]{1,5}") ? Integer.parseInt(digits) : -1;
        if (port < 0 || port > 65535) {
            throw new ConfigException(setting + ": port must be a number from 0 to 65535, found \"" + text + "\"");
        }
        return new ListenAddress(host, port);
    }

    /** The socket address to bind. */
    public InetSocketAddress socketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
