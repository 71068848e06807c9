package dev.kumapush;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The bridge run as its own JVM process, as users run it; all it prints goes to one file. The JVM is the one running
 * the tests, or the one named by the system property {@code kumapush.test.java}: {@code .ci/release-checks} points
 * it at the trimmed runtime of the release archive, so that these tests also prove the runtime has every module the
 * bridge needs.
 */
final class BridgeProcess implements AutoCloseable {
    private static final String JAVA = System.getProperty("kumapush.test.java",
            Path.of(System.getProperty("java.home"), "bin", "java").toString());

    private final Process process;
    private final Path output;

    private BridgeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static BridgeProcess start(Map<String, String> env, Path dir, String... args) throws IOException {
        return start(env, dir, List.of(), args);
    }

    /**
     * The JVM flags the release launcher and the image start the bridge with ({@code jvm.flags} in pom.xml, handed
     * to the tests by the build), so that process tests meet the heap the product ships with.
     */
    static List<String> launcherFlags() {
        String flags = System.getProperty("kumapush.jvm.flags", "");
        if (flags.isBlank() || flags.contains("${")) {
            throw new IllegalStateException("the system property kumapush.jvm.flags is not set: run the tests with"
                    + " Maven, which passes pom.xml's jvm.flags");
        }
        return List.of(flags.strip().split("\\s+"));
    }

    /**
     * Starts the bridge as the launcher does, on a port the system picks, and waits until it listens. With the system
     * property {@code kumapush.test.launcher} (set by .ci/release-checks), it is the release archive's own launcher
     * that starts it: its runtime, its flags and its class data.
     */
    static BridgeProcess serveAsShipped(Map<String, String> env, Path dir) throws IOException, InterruptedException {
        return serveAsShipped(env, dir, command -> command);
    }

    /** As {@link #serveAsShipped(Map, Path)}, with the command turned by {@code wrapper}. */
    static BridgeProcess serveAsShipped(Map<String, String> env, Path dir, UnaryOperator<List<String>> wrapper)
            throws IOException, InterruptedException {
        String launcher = System.getProperty("kumapush.test.launcher", "");
        if (launcher.isBlank()) {
            return serve(env, dir, wrapper, launcherFlags());
        }
        Map<String, String> withPath = new java.util.HashMap<>(env);
        withPath.putIfAbsent("PATH", "/usr/bin:/bin"); // the launcher's dirname and readlink
        return serve(withPath, dir, command -> wrapper.apply(List.of(launcher)), List.of());
    }

    /** Starts the bridge with these JVM options, on a port the system picks, and waits until it listens. */
    static BridgeProcess serve(Map<String, String> env, Path dir, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return serve(env, dir, command -> command, jvmOptions);
    }

    /** As {@link #serve(Map, Path, List)}, with the command turned by {@code wrapper}. */
    static BridgeProcess serve(Map<String, String> env, Path dir, UnaryOperator<List<String>> wrapper,
            List<String> jvmOptions) throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("LISTEN_ADDRESS", "127.0.0.1:0");
        all.putIfAbsent("RETRY_BACKOFF", "10ms");
        BridgeProcess bridge = start(all, dir, wrapper, jvmOptions);
        bridge.awaitOutput("listening on", Duration.ofSeconds(20));
        return bridge;
    }

    /** Starts with extra JVM options (such as a heap bound) before the main class. */
    static BridgeProcess start(Map<String, String> env, Path dir, List<String> jvmOptions, String... args)
            throws IOException {
        return start(env, dir, command -> command, jvmOptions, args);
    }

    /**
     * Starts the bridge's command as {@code wrapper} turns it (for example into a memory cgroup), with extra JVM
     * options before the main class.
     */
    static BridgeProcess start(Map<String, String> env, Path dir, UnaryOperator<List<String>> wrapper,
            List<String> jvmOptions, String... args) throws IOException {
        Path output = Files.createTempFile(dir, "bridge", ".log");
        if (!Files.isExecutable(Path.of(JAVA))) {
            throw new IllegalStateException("kumapush.test.java: not an executable file: " + JAVA);
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(wrapper.apply(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // Only what the test gives: the developer's own settings must not leak in.
        builder.environment().clear();
        builder.environment().putAll(env);
        return new BridgeProcess(builder.start(), output);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the bridge did not exit within " + timeout + "; it printed: " + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (what Kubernetes and docker stop send) and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Waits until the process printed this text. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("the bridge did not print \"" + text + "\"; it printed: " + output());
            }
            Thread.sleep(25);
        }
    }

    /** The port the bridge listens on, from its start-up line (so tests can let the system pick it with :0). */
    int port() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on [^;\\s]*:(\\d+);").matcher(output());
        if (!m.find()) {
            throw new AssertionError("no \"listening on HOST:PORT;\" line yet; the bridge printed: " + output());
        }
        return Integer.parseInt(m.group(1));
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** A field of /proc/PID/status, such as {@code Threads} or {@code VmRSS} (in kB), as a number. */
    long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
