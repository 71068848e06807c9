package dev.kumapush;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this jar was built as, from a resource the build fills in. */
record BuildInfo(String version) {

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/kumapush-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unknown version is shown as such
        }
        return new BuildInfo(p.getProperty("version", "unknown"));
    }

    String userAgent() {
        return "alertmanager-uptime-kuma-push/" + version;
    }
}
