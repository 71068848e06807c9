package dev.kumapush;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A memory limit as a container runtime sets it: a child of this process's cgroup v1 memory controller, with
 * {@code memory.limit_in_bytes}. Processes started through {@link #wrap} run inside it; the kernel kills them when
 * what they hold (heap, metaspace, code, thread stacks and the page cache they touch) cannot be kept under the limit.
 */
final class MemoryCgroup implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup/memory");

    private final Path dir;

    private MemoryCgroup(Path dir) {
        this.dir = dir;
    }

    /** A new cgroup with this limit, or why none can be made on this machine. */
    static Result create(long limitBytes) {
        try {
            Path parent = ROOT.resolve(ownPath().substring(1));
            if (!Files.isWritable(parent)) {
                return new Result(Optional.empty(), "the memory cgroup " + parent + " is not writable");
            }
            Path dir = parent.resolve("kumapush-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("memory.limit_in_bytes"), String.valueOf(limitBytes));
            return new Result(Optional.of(new MemoryCgroup(dir)), "");
        } catch (IOException | RuntimeException e) {
            return new Result(Optional.empty(), "no cgroup v1 memory controller to use (" + e + ")");
        }
    }

    /** @param reason why there is none, when there is none */
    record Result(Optional<MemoryCgroup> cgroup, String reason) {
    }

    private static String ownPath() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                return parts[2];
            }
        }
        throw new IOException("no memory controller in /proc/self/cgroup");
    }

    /** The command, started inside this cgroup: a shell moves itself in, then becomes the command. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > '" + dir.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Times the kernel killed a process of this cgroup for want of memory. */
    long oomKills() throws IOException {
        for (String line : Files.readAllLines(dir.resolve("memory.oom_control"))) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).strip());
            }
        }
        return 0;
    }

    /** The most memory the cgroup held at once, in bytes. */
    long peak() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("memory.max_usage_in_bytes"), StandardCharsets.US_ASCII)
                .strip());
    }

    /** Times the cgroup hit its limit and the kernel had to reclaim memory. */
    long failures() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("memory.failcnt"), StandardCharsets.US_ASCII).strip());
    }

    @Override
    public void close() throws IOException {
        // Empty once its processes ended; the kernel refuses to remove it before.
        for (int i = 0; i < 50 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
