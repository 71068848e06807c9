package dev.kumapush;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this jar was built from, filled in by the build.
 *
 * @param version  the project version
 * @param revision the commit
 * @param built    the build's fixed timestamp (the same for every build of a commit)
 */
record BuildInfo(String version, String revision, String built) {

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/kumapush-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unknown build is shown as such
        }
        return of(p);
    }

    /** The build information in these properties, as {@code kumapush-build.properties} holds it. */
    static BuildInfo of(Properties p) {
        return new BuildInfo(known(p, "version"), known(p, "revision"), known(p, "built"));
    }

    /** A property the build filled in, or "unknown" (for example when built outside a git checkout). */
    private static String known(Properties p, String name) {
        String value = p.getProperty(name, "");
        return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    String userAgent() {
        return "alertmanager-uptime-kuma-push/" + version;
    }
}
