import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Records the class list of the application's class data archive (release/app.classlist): starts the bridge with
 * {@code -XX:DumpLoadedClassList}, sends it a fixed sequence of requests one at a time (what a sidecar meets in its
 * first minute: a plain heartbeat, Alertmanager's Watchdog firing and resolved, a scrape, the probes, the landing
 * page, a malformed body), stops it, and writes the list in a canonical order so that the same code gives the same
 * list. A stand-in for Kuma runs in this process.
 *
 * <pre>
 *   java release/TrainClassList.java java=RUNTIME/bin/java jar=target/app.jar flags="..." out=release/app.classlist
 *   java release/TrainClassList.java ... check=release/app.classlist    # fails when the application's part differs
 * </pre>
 *
 * The canonical order: class lines sorted by name and numbered anew, then the {@code @} lines (lambda proxies and
 * forms, constant pool entries), which refer to classes, sorted after all of them. JDK classes may differ from run to
 * run (a poller thread started or not); {@code check} compares only the classes of the jar.
 */
public final class TrainClassList {
    private static final String PAYLOAD = """
            {"receiver":"uptime-kuma","status":"%s","alerts":[{"status":"%s","labels":{"alertname":"Watchdog",\
            "prometheus":"monitoring/k8s","severity":"none"},"annotations":{"summary":"An alert that should always be\
             firing to certify that Alertmanager is working properly."},"startsAt":"2026-11-24T12:00:00Z",\
            "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph","fingerprint":"e0c7fa7a1c5cb1a3"}],\
            "groupLabels":{},"commonLabels":{"alertname":"Watchdog"},"commonAnnotations":{},\
            "externalURL":"http://alertmanager:9093","version":"4","groupKey":"{}:{}","truncatedAlerts":0}""";

    public static void main(String[] argv) throws Exception {
        java.util.Map<String, String> args = new java.util.HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path raw = Files.createTempFile("app", ".classlist.raw");
        try (ServerSocket kuma = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serveKuma(kuma));
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(args.get("java")));
            command.addAll(List.of(args.get("flags").trim().split("\\s+")));
            command.addAll(List.of("-XX:DumpLoadedClassList=" + raw, "-jar", args.get("jar")));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().put("UPTIME_KUMA_URL", "http://127.0.0.1:" + kuma.getLocalPort()
                    + "/api/push/training?status=up&msg=OK&ping=");
            builder.environment().put("LISTEN_ADDRESS", "127.0.0.1:" + port);
            Process bridge = builder.start();
            try {
                train(port);
            } finally {
                bridge.destroy();
                if (!bridge.waitFor(60, TimeUnit.SECONDS)) {
                    bridge.destroyForcibly();
                    throw new IllegalStateException("the bridge did not stop");
                }
            }
        }
        List<String> list = canonical(Files.readAllLines(raw, StandardCharsets.UTF_8));
        Files.delete(raw);
        if (args.containsKey("check")) {
            check(list, Files.readAllLines(Path.of(args.get("check")), StandardCharsets.UTF_8), args.get("check"));
        } else {
            Files.write(Path.of(args.get("out")), list, StandardCharsets.UTF_8);
            System.out.println("[train] " + list.size() + " lines in " + args.get("out"));
        }
    }

    private static void train(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bridge did not start listening", e);
                }
                Thread.sleep(20);
            }
        }
        // The start-up's preload runs beside the main thread: let it finish, so it is not raced.
        Thread.sleep(1000);
        String[][] sequence = {
            {"POST", "/push", ""},
            {"POST", "/push", PAYLOAD.formatted("firing", "firing")},
            {"POST", "/push", PAYLOAD.formatted("resolved", "resolved")},
            {"GET", "/metrics", ""},
            {"GET", "/healthz", ""},
            {"GET", "/readyz", ""},
            {"GET", "/", ""},
            {"POST", "/push", "{\"status\":\"firing\",\"alerts\":[{\"labels\":"},
        };
        for (String[] r : sequence) {
            String status = send(port, r[0], r[1], r[2]);
            System.out.println("[train] " + r[0] + " " + r[1] + " -> " + status);
            Thread.sleep(200);
        }
        Thread.sleep(500);
    }

    private static String send(int port, String method, String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: bridge\r\nConnection: close\r\n"
                + (method.equals("POST") ? "Content-Type: application/json\r\nContent-Length: " + content.length
                + "\r\n" : "") + "\r\n";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.isEmpty() ? "(no answer)" : answer.substring(0, answer.indexOf('\r'));
        }
    }

    /** Answers every request as Kuma does for a known token. */
    private static void serveKuma(ServerSocket kuma) {
        while (!kuma.isClosed()) {
            try (Socket s = kuma.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    head.append((char) c);
                }
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11"
                        + "\r\nConnection: close\r\n\r\n{\"ok\":true}").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the next request opens another connection
            }
        }
    }

    static List<String> canonical(List<String> lines) {
        TreeSet<String> classes = new TreeSet<>();
        TreeSet<String> references = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                references.add(line);
                continue;
            }
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[1].equals("id:")) {
                throw new IllegalStateException("a class line this program does not know (another class loader?): "
                        + line);
            }
            classes.add(parts[0]);
        }
        List<String> out = new ArrayList<>();
        int id = 0;
        for (String c : classes) {
            out.add(c + " id: " + id++);
        }
        out.addAll(references);
        return out;
    }

    /** The jar's own classes (the bridge's and its libraries'): JDK classes are left out of the comparison. */
    private static TreeSet<String> applicationClasses(List<String> list) {
        TreeSet<String> app = new TreeSet<>();
        for (String line : list) {
            String name = line.split(" ")[0];
            if (!line.startsWith("@") && !name.startsWith("java/") && !name.startsWith("javax/")
                    && !name.startsWith("jdk/") && !name.startsWith("sun/") && !name.startsWith("com/sun/")) {
                app.add(name);
            }
        }
        return app;
    }

    private static void check(List<String> trained, List<String> committed, String where) {
        TreeSet<String> now = applicationClasses(trained);
        TreeSet<String> then = applicationClasses(committed);
        if (now.equals(then)) {
            System.out.println("[train] " + where + " lists the " + now.size() + " classes of the jar that training"
                    + " loads");
            return;
        }
        TreeSet<String> missing = new TreeSet<>(now);
        missing.removeAll(then);
        TreeSet<String> stale = new TreeSet<>(then);
        stale.removeAll(now);
        throw new IllegalStateException(where + " is out of date: training now loads " + missing.size()
                + " classes it does not list " + first(missing) + " and no longer loads " + stale.size()
                + " it lists " + first(stale) + "; record it again with release/TrainClassList.java");
    }

    private static String first(TreeSet<String> names) {
        return names.isEmpty() ? "" : "(" + String.join(", ", names.stream().limit(5).toList())
                + (names.size() > 5 ? ", ..." : "") + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
