import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hostile clients of bench/attack.sh, as a single-file program (run with the JDK's java):
 *
 * <pre>
 *   java Attack.java PORT hold N [SECONDS] [BYTES]   N connections each sending BYTES of a request head, held SECONDS
 *   java Attack.java PORT flood N                    N different webhooks at once; prints the answers by status
 *   java Attack.java PORT dense N                    N payloads of 1 MiB of empty alerts at once
 *   java Attack.java PORT drip N SECONDS             N webhooks that stop inside an 8,000-character summary, held SECONDS
 *   java Attack.java PORT holdmax N SECONDS          N connections each holding the largest head allowed, unfinished
 *   java Attack.java PORT worst SECONDS              every bound at its default at once: 256 largest heads, 32
 *                                                    webhooks stopped in a summary, 32 pushes held by a slow Kuma
 *   java Attack.java PORT one                        one normal webhook; prints its status
 * </pre>
 *
 * Each prints one line: what it did and the answers it got ("refused" = closed or reset without an answer).
 */
public final class Attack {
    private static final String HEAD = "POST /push HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\n";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String what = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        switch (what) {
            case "hold" -> hold(port, n, args.length > 3 ? Integer.parseInt(args[3]) : 5,
                    args.length > 4 ? Integer.parseInt(args[4]) : 40);
            case "flood" -> System.out.println("flood " + n + ": " + atOnce(port, n, i -> webhook("Flood" + i)));
            case "dense" -> {
                String start = "{\"status\":\"firing\",\"alerts\":[{}";
                int alerts = (1024 * 1024 - start.length() - 2) / 3 + 1;
                byte[] body = post(start + ",{}".repeat(alerts - 1) + "]}");
                System.out.println("dense " + n + " x " + body.length + " bytes: " + atOnce(port, n, i -> body));
            }
            case "drip" -> drip(port, n, args.length > 3 ? Integer.parseInt(args[3]) : 5);
            case "holdmax" -> holdMax(port, n, args.length > 3 ? Integer.parseInt(args[3]) : 5);
            case "worst" -> {
                int seconds = n;
                Thread heads = Thread.ofVirtual().start(() -> {
                    try {
                        holdMax(port, 256, seconds);
                    } catch (Exception e) {
                        System.out.println("holdmax failed: " + e);
                    }
                });
                Thread pushes = Thread.ofVirtual().start(() -> {
                    try {
                        System.out.println("slow pushes: " + atOnce(port, 32, i -> webhook("SlowPush" + i)));
                    } catch (Exception e) {
                        System.out.println("slow pushes failed: " + e);
                    }
                });
                Thread.sleep(500);
                drip(port, 32, seconds);
                heads.join();
                pushes.join();
            }
            case "one" -> System.out.println("one: " + answer(port, webhook("Normal")));
            default -> throw new IllegalArgumentException("unknown attack " + what);
        }
    }

    private static void hold(int port, int n, int seconds, int bytes) throws Exception {
        String head = HEAD + "X-Padding: " + "p".repeat(Math.max(0, bytes - HEAD.length() - 14));
        byte[] partial = head.substring(0, Math.min(head.length(), bytes)).getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(partial);
                held.add(s);
            } catch (IOException e) {
                failed++;
            }
        }
        System.out.println("hold " + n + " x " + partial.length + " bytes: " + held.size() + " open, " + failed
                + " refused; holding " + seconds + " s");
        Thread.sleep(seconds * 1000L);
        int open = 0;
        int closed = 0;
        for (Socket s : held) {
            s.setSoTimeout(1);
            try {
                s.getInputStream().read(); // -1 or the start of a 408: either way the bridge ended it
                closed++;
            } catch (java.net.SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                closed++;
            }
            s.close();
        }
        System.out.println("hold: after " + seconds + " s, " + open + " still open, " + closed
                + " closed by the bridge (evicted or timed out)");
    }

    /** The largest head the defaults allow, unfinished: a 4,000-byte request line and 8,000 bytes of fields. */
    private static void holdMax(int port, int n, int seconds) throws Exception {
        byte[] head = ("POST /push?" + "q".repeat(3980) + " HTTP/1.1\r\nHost: bridge\r\nX-Padding: " + "p".repeat(7950))
                .getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(head);
            held.add(s);
        }
        System.out.println("holdmax " + n + " x " + head.length + " bytes; holding " + seconds + " s");
        Thread.sleep(seconds * 1000L);
        for (Socket s : held) {
            s.close();
        }
    }

    private static void drip(int port, int n, int seconds) throws Exception {
        List<Socket> held = new ArrayList<>();
        byte[] start = (HEAD + "Content-Length: 100000\r\n\r\n{\"status\":\"firing\",\"alerts\":[{\"annotations\":"
                + "{\"summary\":\"" + "s".repeat(8000)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(start);
            held.add(s);
        }
        Thread.sleep(seconds * 1000L);
        System.out.println("drip " + n + " webhooks stopped inside an 8,000-character summary, held " + seconds + " s");
        for (Socket s : held) {
            s.close();
        }
    }

    interface Body {
        byte[] of(int i);
    }

    private static Map<String, Integer> atOnce(int port, int n, Body body) throws Exception {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                byte[] request = body.of(i);
                clients.submit(() -> {
                    counts.computeIfAbsent(answer(port, request), k -> new AtomicInteger()).incrementAndGet();
                    return null;
                });
            }
            clients.shutdown();
            clients.awaitTermination(60, TimeUnit.SECONDS);
        }
        Map<String, Integer> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.get()));
        return sorted;
    }

    /** The status code of the answer, "refused" when none came, "timeout" after 30 s. */
    private static String answer(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(request);
            } catch (IOException e) {
                // the server may answer before it read everything
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] b = new byte[256];
            int r;
            while (got.size() < 12 && (r = in.read(b)) > 0) {
                got.write(b, 0, r);
            }
            String text = got.toString(StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? text.substring(9, 12) : "refused";
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "refused";
        }
    }

    private static byte[] webhook(String alertname) {
        return post("{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + alertname
                + "\"},\"annotations\":{\"summary\":\"bench\"}}]}");
    }

    private static byte[] post(String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = (HEAD + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + content.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }
}
