package dev.kumapush.kuma;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Go's reading of {@code NO_PROXY}: names match themselves and their subdomains, {@code .name} only subdomains. */
final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private NoProxy() {
    }

    /** True when a request to {@code host:port} goes direct, never through a proxy. */
    static boolean direct(List<String> entries, String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        InetAddress ip = literal(h);
        if (h.equals("localhost") || (ip != null && ip.isLoopbackAddress())) {
            return true;
        }
        for (String entry : entries) {
            if (entry.equals("*") || matches(entry, h, ip, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, String host, InetAddress ip, int port) {
        int slash = entry.indexOf('/');
        if (slash > 0) {
            return ip != null && inRange(entry.substring(0, slash), entry.substring(slash + 1), ip);
        }
        String name = entry;
        int entryPort = -1;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon || entry.startsWith("[") && entry.contains("]:")) {
            try {
                entryPort = Integer.parseInt(entry.substring(colon + 1));
                name = entry.substring(0, colon);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (entryPort >= 0 && entryPort != port) {
            return false;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        InetAddress entryIp = literal(name);
        if (entryIp != null) {
            return entryIp.equals(ip);
        }
        if (name.startsWith("*.")) {
            name = name.substring(1);
        }
        if (name.startsWith(".")) {
            return host.endsWith(name);
        }
        return host.equals(name) || host.endsWith("." + name);
    }

    private static boolean inRange(String network, String bits, InetAddress ip) {
        InetAddress net = literal(network);
        int prefix;
        try {
            prefix = Integer.parseInt(bits);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] a = net == null ? null : net.getAddress();
        byte[] b = ip.getAddress();
        if (a == null || a.length != b.length || prefix < 0 || prefix > a.length * 8) {
            return false;
        }
        int shift = a.length * 8 - prefix;
        return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, b).shiftRight(shift));
    }

    /** The address written in {@code text}, or null when it is a name: names are never looked up here. */
    static InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !text.contains(":")) {
            return null;
        }
        if (v4 && Arrays.stream(text.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            return null; // getByName would look up "999.1.1.1" as a name
        }
        try {
            // In brackets, text that is not an IPv6 address fails at once instead of being looked up as a name.
            return InetAddress.getByName(v4 ? text : "[" + text + "]");
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
