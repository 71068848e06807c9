import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the release set for the platform this runs on, into one folder:
 * a trimmed Java runtime (jlink) with the jar, a launcher, LICENSE and README.md, packed as
 * tar.gz (zip on Windows); the plain jar; one CycloneDX SBOM per artifact; and checksums.txt.
 * On Linux also, into a folder of its own (not published as release files), what the release workflow makes the
 * container image of: the archive's runtime/ and lib/ as one uncompressed image layer under
 * {@value #IMAGE_PREFIX}..., and the image's configuration (entrypoint, user, port, labels) as JSON.
 *
 * <p>Everything it writes is reproducible: entries are sorted, owners and times are fixed
 * (to project.build.outputTimestamp), and no host name, user or clock leaks into the output.
 *
 * <p>Run by the exec plugin in the {@code release} Maven profile as a single-file program:
 * {@code java AssembleRelease.java key=value ...}.
 */
public final class AssembleRelease {

    /** The modules of the runtime: the HTTP client (the server is the bridge's own), and TLS with elliptic curves. */
    private static final List<String> REQUIRED_MODULES =
            List.of("java.base", "java.net.http", "jdk.crypto.ec");

    /**
     * Modules jdeps finds only through optional parts of the libraries, which the bridge never reaches: Jackson's
     * support for java.beans annotations, java.sql dates and XML types, and SnakeYAML's JavaBeans introspection
     * (Jackson reads the YAML and only uses SnakeYAML's parser). Leaving them out halves the runtime; the process
     * tests (a config file, payloads, the command line, logs) run on the trimmed runtime in .ci/release-checks.
     */
    private static final List<String> OPTIONAL_MODULES = List.of("java.desktop", "java.sql", "java.xml");

    /** Where the image holds the archive's runtime/ and lib/: the entrypoint's paths start with it. */
    static final String IMAGE_PREFIX = "/opt/alertmanager-uptime-kuma-push";

    private final Map<String, String> args;
    private final Path out;
    private final String name;
    private final String version;
    private final String os;
    private final String arch;
    private final long epochSeconds;

    private AssembleRelease(Map<String, String> args) {
        this.args = args;
        this.out = Path.of(need("out"));
        this.name = need("name");
        this.version = need("version");
        this.os = args.getOrDefault("os", detectOs());
        this.arch = args.getOrDefault("arch", detectArch());
        this.epochSeconds = parseTimestamp(need("timestamp"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got: " + a);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new AssembleRelease(args).run();
    }

    private String need(String key) {
        String v = args.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }

    private void run() throws Exception {
        Path jar = Path.of(need("jar"));
        Path sbom = Path.of(need("sbom"));
        Path templates = Path.of(need("templates"));
        Path work = Path.of(need("work"));
        deleteTree(out);
        deleteTree(work);
        Files.createDirectories(out);
        Files.createDirectories(work);

        String base = name + "_v" + version + "_" + os + "_" + arch;
        Path stage = work.resolve(base);
        Files.createDirectories(stage.resolve("bin"));
        Files.createDirectories(stage.resolve("lib"));

        List<String> modules = modules(jar);
        System.out.println("[release] jlink modules: " + String.join(",", modules));
        Path runtime = stage.resolve("runtime");
        jlink(runtime, modules);
        String flags = need("jvmFlags").trim().replaceAll("\\s+", " ");
        if (!os.equals("windows")) {
            classDataSharing(runtime, flags);
        }

        String jarName = name + ".jar";
        Path stagedJar = stage.resolve("lib").resolve(jarName);
        Files.copy(jar, stagedJar);
        // The archive's entries carry this time, and the application's class data records the jar's: the same.
        Files.setLastModifiedTime(stagedJar, java.nio.file.attribute.FileTime.from(epochSeconds,
                java.util.concurrent.TimeUnit.SECONDS));
        if (!os.equals("windows")) {
            applicationClassData(work, stage, runtime, flags, Path.of(need("classList")), jarName);
        }
        Files.copy(Path.of(need("license")), stage.resolve("LICENSE"));
        Files.copy(Path.of(need("readme")), stage.resolve("README.md"));
        if (os.equals("windows")) {
            String cmd = Files.readString(templates.resolve("launcher.cmd"), StandardCharsets.UTF_8)
                    .replace("@JVM_FLAGS@", flags).replace("@JAR@", jarName)
                    .replace("\r\n", "\n").replace("\n", "\r\n");
            Files.writeString(stage.resolve("bin").resolve(name + ".cmd"), cmd, StandardCharsets.UTF_8);
        } else {
            String sh = Files.readString(templates.resolve("launcher.sh"), StandardCharsets.UTF_8)
                    .replace("@JVM_FLAGS@", flags).replace("@JAR@", jarName).replace("@VERSION@", version);
            Path launcher = stage.resolve("bin").resolve(name);
            Files.writeString(launcher, sh, StandardCharsets.UTF_8);
            launcher.toFile().setExecutable(true, false);
        }

        String sbomText = Files.readString(sbom, StandardCharsets.UTF_8);
        String runtimeSbom = withRuntime(sbomText, runtime, modules);

        Path archive;
        if (os.equals("windows")) {
            archive = out.resolve(base + ".zip");
            writeZip(stage, base, archive);
        } else {
            archive = out.resolve(base + ".tar.gz");
            writeTarGz(stage, base, archive);
        }
        Files.writeString(out.resolve(archive.getFileName() + ".sbom.json"), runtimeSbom, StandardCharsets.UTF_8);
        if (os.equals("linux")) {
            containerImage(stage, flags, jarName);
        }

        Path plainJar = out.resolve(name + "_v" + version + ".jar");
        Files.copy(jar, plainJar);
        Files.writeString(out.resolve(plainJar.getFileName() + ".sbom.json"), sbomText, StandardCharsets.UTF_8);

        writeChecksums(out);
        try (Stream<Path> files = Files.list(out)) {
            files.sorted().forEach(p -> System.out.println("[release] wrote " + p));
        }
    }

    // ---- class data sharing ----------------------------------------------------------------

    /**
     * Writes the runtime's CDS archive ({@code lib/server/classes.jsa}): the JDK's classes parsed once at build
     * time, which took 7 to 17 % off the start-up (bench/, sets e and h). Not {@code jlink
     * --generate-cds-archive}: that dumps with the JVM's defaults, whose heap size follows the build machine's memory
     * and is written into the archive. Dumped with the launcher's own flags, the archive came out byte-identical in
     * other folders, time zones, clocks, locales and CPU counts (.ci/reproducible checks all but the last), and
     * it is made for the settings it is used with. Skipped for Windows, where this step has never been run.
     */
    private static void classDataSharing(Path runtime, String flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(runtime.resolve("bin").resolve("java").toString());
        command.addAll(Arrays.asList(flags.split(" ")));
        command.add("-Xshare:dump");
        Path log = Files.createTempFile("cds-dump", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // An empty environment: the locale changes the archive (LC_ALL=C and C.UTF-8 give different bytes), and
            // JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS would add flags. Without any, every machine dumps in the C locale.
            builder.environment().clear();
            Process dump = builder.start();
            int rc = dump.waitFor();
            Path archive = runtime.resolve("lib").resolve("server").resolve("classes.jsa");
            if (rc != 0 || !Files.isRegularFile(archive)) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + rc + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            System.out.println("[release] CDS archive: " + Files.size(archive) / 1024 + " KiB");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Writes the application's class data archive ({@code lib/app.jsa}), which the launcher maps at start: the JDK's
     * and the application's classes that a fixed training run loads ({@code release/app.classlist}, recorded by
     * release/TrainClassList.java), parsed and laid out at build time. It takes about a third off the time to the
     * first answered push and keeps the application's classes out of the heap's neighbour, metaspace
     * (BENCHMARKS.md, round 4). Byte-reproducible when dumped as here: the class list in its canonical order, the
     * launcher's own flags (the heap size is recorded), an empty environment (the locale changes the bytes), the jar
     * named by a relative path from the archive's root (the path is recorded; the JVM still finds the jar when the
     * folder is moved) and its time set to the build's timestamp (recorded too, and checked at run time: a jar
     * touched later turns sharing off with a warning, never a crash).
     */
    private static void applicationClassData(Path work, Path stage, Path runtime, String flags, Path classList,
            String jarName) throws IOException, InterruptedException {
        // The list sits beside the folder, named by the same relative path in every build.
        Files.copy(classList, work.resolve("app.classlist"));
        List<String> command = new ArrayList<>();
        command.add(runtime.resolve("bin").resolve("java").toString());
        command.addAll(Arrays.asList(flags.split(" ")));
        command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=../app.classlist",
                "-XX:SharedArchiveFile=lib/app.jsa", "-cp", "lib/" + jarName));
        Path log = Files.createTempFile("app-cds-dump", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(stage.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            int rc = builder.start().waitFor();
            Path archive = stage.resolve("lib").resolve("app.jsa");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (rc != 0 || !Files.isRegularFile(archive)) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + rc + "):\n" + output);
            }
            // A class of the list that the runtime does not have is dropped with a warning; say how many.
            long skipped = output.lines().filter(l -> l.contains("Preload Warning") || l.contains("not found")).count();
            System.out.println("[release] application class data: " + Files.size(archive) / 1024 + " KiB"
                    + (skipped == 0 ? "" : ", " + skipped + " warnings (see release/TrainClassList.java)"));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    // ---- container image -------------------------------------------------------------------

    /**
     * Writes, into {@code image=} (a folder of its own: target/release/ is what gets published), what the release
     * workflow turns into the linux image of this platform with crane:
     * <ul>
     * <li>{@code linux_<arch>.layer.tar}: the archive's runtime/ and lib/ under {@value #IMAGE_PREFIX}, as an
     * uncompressed tar written like the archive (the same sorted entries, bytes, modes, owner and times; the parents
     * opt/ and opt/NAME/ first). The jar keeps the build's timestamp, which lib/app.jsa records and checks, and the
     * runtime is the one that dumped lib/app.jsa: the image maps the same class data as the archive.</li>
     * <li>{@code linux_<arch>.image.json}: the image's configuration: the entrypoint (the runtime's java with the
     * launcher's flags and class data, then -jar; there is no shell in the image to run the launcher), no cmd (the
     * container's arguments go to the bridge, as the launcher's do), the user, the port, the OCI labels, the
     * repository and base image, and the layer's uncompressed digest (the image config's last rootfs.diff_ids
     * entry).</li>
     * </ul>
     */
    private void containerImage(Path stage, String flags, String jarName) throws IOException, NoSuchAlgorithmException {
        Path dir = Path.of(need("image"));
        deleteTree(dir);
        Files.createDirectories(dir);
        String platform = os + "_" + arch;
        Path layer = dir.resolve(platform + ".layer.tar");
        writeLayerTar(stage, layer);

        List<String> entrypoint = new ArrayList<>();
        entrypoint.add(IMAGE_PREFIX + "/runtime/bin/java");
        entrypoint.addAll(Arrays.asList(flags.split(" ")));
        entrypoint.add("-XX:SharedArchiveFile=" + IMAGE_PREFIX + "/lib/app.jsa");
        entrypoint.add("-jar");
        entrypoint.add(IMAGE_PREFIX + "/lib/" + jarName);
        // crane's --entrypoint and --label split their values at commas: none may hold one.
        for (String e : entrypoint) {
            if (e.contains(",") || e.contains("\"")) {
                throw new IllegalStateException("an entrypoint element with a comma or a quote cannot be given to"
                        + " crane: " + e);
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : args.entrySet()) {
            if (a.getKey().startsWith("label.")) {
                String value = a.getValue();
                if (value.contains(",") || value.contains("\"")) {
                    throw new IllegalStateException("label " + a.getKey() + " has a comma or a quote, which crane's"
                            + " --label cannot take: " + value);
                }
                labels.put(a.getKey().substring("label.".length()), value);
            }
        }
        String revision = labels.get("org.opencontainers.image.revision");
        if (revision != null && !revision.matches("[0-9a-f]{40}")) {
            // No git checkout (git.commit.id unresolved): say so rather than label the image with a placeholder.
            labels.put("org.opencontainers.image.revision", "unknown");
        }

        StringBuilder j = new StringBuilder();
        j.append("{\n");
        j.append("  \"repository\": \"").append(json(need("imageName"))).append("\",\n");
        j.append("  \"platform\": \"").append(os).append('/').append(arch).append("\",\n");
        j.append("  \"base\": \"").append(json(need("imageBase"))).append("\",\n");
        j.append("  \"layer\": \"").append(layer.getFileName()).append("\",\n");
        j.append("  \"layerDiffId\": \"sha256:").append(sha256(layer)).append("\",\n");
        j.append("  \"prefix\": \"").append(IMAGE_PREFIX).append("\",\n");
        j.append("  \"entrypoint\": [");
        for (int i = 0; i < entrypoint.size(); i++) {
            j.append(i == 0 ? "\n    \"" : ",\n    \"").append(json(entrypoint.get(i))).append('"');
        }
        j.append("\n  ],\n");
        j.append("  \"cmd\": [],\n");
        j.append("  \"env\": {},\n");
        j.append("  \"user\": \"").append(json(need("imageUser"))).append("\",\n");
        j.append("  \"exposedPorts\": [\"").append(json(need("imagePort"))).append("/tcp\"],\n");
        j.append("  \"labels\": {");
        int n = 0;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            j.append(n++ == 0 ? "\n    \"" : ",\n    \"").append(json(l.getKey())).append("\": \"")
                    .append(json(l.getValue())).append('"');
        }
        j.append(n == 0 ? "}\n" : "\n  }\n");
        j.append("}\n");
        Files.writeString(dir.resolve(platform + ".image.json"), j.toString(), StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(p -> System.out.println("[release] wrote " + p));
        }
    }

    /** The image layer: the stage's runtime/ and lib/ under IMAGE_PREFIX, entries and headers as in the archive. */
    private void writeLayerTar(Path stage, Path layer) throws IOException {
        String prefix = IMAGE_PREFIX.substring(1) + "/";
        try (OutputStream tar = new BufferedOutputStream(Files.newOutputStream(layer), 1 << 16)) {
            String parent = "";
            for (String part : prefix.split("/")) {
                parent += part + "/";
                writeTarEntry(tar, parent, '5', 0755, 0, "", null);
            }
            for (Path p : entries(stage)) {
                String rel = rel(stage, p);
                String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
                if (!top.equals("runtime") && !top.equals("lib")) {
                    continue;
                }
                writeArchiveEntry(tar, prefix + rel, p);
            }
            tar.write(new byte[1024]); // two empty blocks end the archive
        }
    }

    // ---- modules ---------------------------------------------------------------------------

    /**
     * The required modules, plus any from {@code extraModules=}. A module jdeps finds that is neither required nor
     * known to be optional stops the build: a new dependency's needs are looked at, not guessed.
     */
    private List<String> modules(Path jar) {
        String found = tool("jdeps", "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", "21", jar.toString()).trim();
        for (String m : found.split(",")) {
            String module = m.trim();
            if (!module.isEmpty() && !REQUIRED_MODULES.contains(module) && !OPTIONAL_MODULES.contains(module)) {
                throw new IllegalStateException("jdeps finds that the jar uses module " + module + ", which the"
                        + " release does not know: add it to REQUIRED_MODULES or OPTIONAL_MODULES in"
                        + " release/AssembleRelease.java once the code that uses it is understood");
            }
        }
        TreeSet<String> all = new TreeSet<>();
        for (String m : REQUIRED_MODULES) {
            // jdk.crypto.ec is folded into java.base on newer JDKs; add it only where it still exists.
            if (java.lang.module.ModuleFinder.ofSystem().find(m).isPresent()) {
                all.add(m);
            }
        }
        String extra = args.getOrDefault("extraModules", "");
        for (String m : extra.split(",")) {
            if (!m.isBlank()) {
                all.add(m.trim());
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Links the runtime in a JVM of its own. Run in this one (after javac compiled this program and jdeps ran on its
     * threads), jlink's generated method-handle classes ({@code generate-jli-classes}) came out different once in
     * three builds: they follow the state of the JVM that generates them. A fresh jlink process starts from the same
     * state every time.
     */
    private static void jlink(Path runtime, List<String> modules) throws IOException, InterruptedException {
        String exe = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "jlink.exe" : "jlink";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", exe).toString(),
                "--add-modules", String.join(",", modules), "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress=zip-6", "--output", runtime.toString());
        Path log = Files.createTempFile("jlink", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // As for the class data dumps: no JVM options or locale from the caller. Windows keeps the rest of the
            // environment, which its processes need (SystemRoot, for one).
            if (exe.endsWith(".exe")) {
                builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
            } else {
                builder.environment().clear();
            }
            int rc = builder.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + rc + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tool(String toolName, String... toolArgs) {
        ToolProvider tp = ToolProvider.findFirst(toolName)
                .orElseThrow(() -> new IllegalStateException(toolName + " is not in this JDK; run the build with a full JDK"));
        StringWriter sout = new StringWriter();
        StringWriter serr = new StringWriter();
        int rc = tp.run(new PrintWriter(sout, true), new PrintWriter(serr, true), toolArgs);
        if (rc != 0) {
            throw new IllegalStateException(toolName + " " + String.join(" ", toolArgs) + " failed (" + rc + "):\n"
                    + sout + serr);
        }
        if (!serr.toString().isBlank()) {
            System.err.print(serr);
        }
        return sout.toString();
    }

    // ---- SBOM of an archive: the application's, plus the bundled runtime ----------------------

    /**
     * The archive's SBOM: the application's, with the bundled runtime added as a component. No purl type exists for a
     * Java runtime (purl-spec has none for OpenJDK builds yet), so it is a {@code pkg:generic} purl named
     * {@code openjdk} with the runtime's full version and its vendor, plus the CPE vulnerability databases list OpenJDK
     * under. Its hash is {@link #treeHash} of the runtime folder, which SECURITY.md shows how to recompute.
     */
    private static String withRuntime(String sbom, Path runtime, List<String> modules)
            throws IOException, NoSuchAlgorithmException {
        Properties release = new Properties();
        try (InputStream in = Files.newInputStream(runtime.resolve("release"))) {
            release.load(in);
        }
        String javaVersion = unquote(release.getProperty("JAVA_VERSION", System.getProperty("java.version")));
        // jlink's release file may lack the full version: the runtime is linked from the JDK running this program.
        String fullVersion = unquote(release.getProperty("JAVA_RUNTIME_VERSION", Runtime.version().toString()));
        String vendor = unquote(release.getProperty("IMPLEMENTOR", System.getProperty("java.vendor")));
        String vendorVersion = unquote(release.getProperty("IMPLEMENTOR_VERSION",
                System.getProperty("java.vendor.version", "")));
        String purl = "pkg:generic/openjdk@" + purlEncode(fullVersion) + "?vendor=" + purlEncode(vendor);
        String marker = "\n  \"components\" : [";
        int at = sbom.indexOf(marker);
        if (at < 0 || sbom.indexOf(marker, at + 1) >= 0) {
            throw new IllegalStateException("unexpected SBOM layout: no single top-level components array");
        }
        String component = "\n    {"
                + "\n      \"type\" : \"platform\","
                + "\n      \"bom-ref\" : \"" + json(purl) + "\","
                + "\n      \"supplier\" : { \"name\" : \"" + json(vendor) + "\" },"
                + "\n      \"name\" : \"openjdk\","
                + "\n      \"version\" : \"" + json(fullVersion) + "\","
                + "\n      \"description\" : \"Java runtime made with jlink from the build's JDK ("
                + json(vendorVersion.isEmpty() ? vendor : vendorVersion) + "), in runtime/ of the archive\","
                + "\n      \"hashes\" : [ { \"alg\" : \"SHA-256\", \"content\" : \"" + treeHash(runtime) + "\" } ],"
                + "\n      \"licenses\" : [ { \"expression\" : \"GPL-2.0-only WITH Classpath-exception-2.0\" } ],"
                + "\n      \"purl\" : \"" + json(purl) + "\","
                + "\n      \"cpe\" : \"cpe:2.3:a:oracle:openjdk:" + json(javaVersion) + ":*:*:*:*:*:*:*\","
                + "\n      \"properties\" : ["
                + "\n        { \"name\" : \"jlink:modules\", \"value\" : \"" + json(String.join(",", modules)) + "\" },"
                + "\n        { \"name\" : \"kumapush:hash-of\", \"value\" : \"" + TREE_HASH_MEANING + "\" },"
                + "\n        { \"name\" : \"kumapush:lib/modules:sha256\", \"value\" : \""
                + sha256(runtime.resolve("lib").resolve("modules")) + "\" }"
                + "\n      ]"
                + "\n    }";
        int insert = at + marker.length();
        boolean empty = sbom.substring(insert).stripLeading().startsWith("]");
        return sbom.substring(0, insert) + component + (empty ? "\n  " : ",") + sbom.substring(insert);
    }

    private static final String TREE_HASH_MEANING = "SHA-256 of the sha256sum listing ('HASH  PATH' lines) of every"
            + " regular file under runtime/, paths relative to it with '/', sorted bytewise; symbolic links are not"
            + " followed";

    /** See {@link #TREE_HASH_MEANING}: {@code find . -type f | sed 's|^./||' | LC_ALL=C sort}, each through sha256sum. */
    static String treeHash(Path root) throws IOException, NoSuchAlgorithmException {
        List<String> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> rel(root, p)).toList();
        }
        TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        for (String p : paths) {
            sorted.add(p.getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder listing = new StringBuilder();
        for (byte[] p : sorted) {
            String path = new String(p, StandardCharsets.UTF_8);
            listing.append(sha256(root.resolve(path))).append("  ").append(path).append('\n');
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Percent-encodes all but purl's unreserved characters ('+' in a version becomes %2B, a space %20). */
    private static String purlEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ---- archives ----------------------------------------------------------------------------

    /** Files and folders under root, sorted by their path inside the archive ('/'-separated). */
    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .sorted((a, b) -> rel(root, a).compareTo(rel(root, b)))
                    .toList();
        }
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private void writeTarGz(Path stage, String base, Path archive) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
             GZIPOutputStream gz = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16);
             OutputStream tar = new BufferedOutputStream(gz, 1 << 16)) {
            writeTarEntry(tar, base + "/", '5', 0755, 0, "", null);
            for (Path p : entries(stage)) {
                writeArchiveEntry(tar, base + "/" + rel(stage, p), p);
            }
            tar.write(new byte[1024]); // two empty blocks end the archive
        }
    }

    /** One file, folder or symbolic link of the stage as a tar entry named path: the one rule for both tars. */
    private void writeArchiveEntry(OutputStream tar, String path, Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            String target = Files.readSymbolicLink(p).toString().replace('\\', '/');
            writeTarEntry(tar, path, '2', 0777, 0, target, null);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            writeTarEntry(tar, path + "/", '5', 0755, 0, "", null);
        } else {
            int mode = Files.isExecutable(p) ? 0755 : 0644;
            writeTarEntry(tar, path, '0', mode, Files.size(p), "", p);
        }
    }

    private void writeTarEntry(OutputStream tar, String path, char type, int mode, long size,
                               String linkTarget, Path content) throws IOException {
        byte[] h = new byte[512];
        byte[] full = path.getBytes(StandardCharsets.UTF_8);
        if (full.length <= 100) {
            put(h, 0, 100, full);
        } else {
            // ustar: split at a '/' into prefix (<= 155 bytes) and name (<= 100 bytes).
            int cut = -1;
            for (int i = Math.min(full.length - 1, 155); i > 0; i--) {
                if (full[i] == '/' && full.length - i - 1 <= 100 && full.length - i - 1 > 0) {
                    cut = i;
                    break;
                }
            }
            if (cut < 0) {
                throw new IOException("path too long for a ustar archive: " + path);
            }
            put(h, 0, 100, Arrays.copyOfRange(full, cut + 1, full.length));
            put(h, 345, 155, Arrays.copyOfRange(full, 0, cut));
        }
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, epochSeconds);
        h[156] = (byte) type;
        byte[] link = linkTarget.getBytes(StandardCharsets.UTF_8);
        if (link.length > 100) {
            throw new IOException("link target too long for a ustar archive: " + linkTarget);
        }
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
        put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format(Locale.ROOT, "%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 8);
        tar.write(h);
        if (content != null) {
            long copied = Files.copy(content, tar);
            if (copied != size) {
                throw new IOException("file changed while packing: " + content);
            }
            int pad = (int) ((512 - (size % 512)) % 512);
            tar.write(new byte[pad]);
        }
    }

    private static void put(byte[] h, int off, int len, byte[] value) {
        System.arraycopy(value, 0, h, off, Math.min(len, value.length));
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value too large for a ustar field: " + value);
        }
        String padded = "0".repeat(len - 1 - s.length()) + s;
        put(h, off, len - 1, padded.getBytes(StandardCharsets.US_ASCII));
        h[off + len - 1] = 0;
    }

    private void writeZip(Path stage, String base, Path archive) throws IOException {
        // DOS times are local times: set them directly so the time zone of the build does not matter.
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16))) {
            zip.setLevel(6);
            ZipEntry top = new ZipEntry(base + "/");
            top.setTimeLocal(time);
            zip.putNextEntry(top);
            zip.closeEntry();
            for (Path p : entries(stage)) {
                boolean dir = Files.isDirectory(p);
                ZipEntry e = new ZipEntry(base + "/" + rel(stage, p) + (dir ? "/" : ""));
                e.setTimeLocal(time);
                zip.putNextEntry(e);
                if (!dir) {
                    Files.copy(p, zip);
                }
                zip.closeEntry();
            }
        }
    }

    // ---- checksums -----------------------------------------------------------------------------

    private static void writeChecksums(Path dir) throws IOException, NoSuchAlgorithmException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("checksums.txt"))
                    .sorted().toList();
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(sha256(f)).append("  ").append(f.getFileName()).append('\n');
        }
        Files.writeString(dir.resolve("checksums.txt"), sb.toString(), StandardCharsets.UTF_8);
    }

    // ---- platform and helpers ----------------------------------------------------------------

    private static String detectOs() {
        String n = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (n.startsWith("windows")) {
            return "windows";
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "darwin";
        }
        if (n.startsWith("linux")) {
            return "linux";
        }
        throw new IllegalStateException("no release archive is made for OS " + n);
    }

    private static String detectArch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no release archive is made for architecture " + a);
        };
    }

    private static long parseTimestamp(String ts) {
        if (ts.matches("\\d+")) {
            return Long.parseLong(ts);
        }
        try {
            return OffsetDateTime.parse(ts).toEpochSecond();
        } catch (RuntimeException e) {
            return Instant.parse(ts).getEpochSecond();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
