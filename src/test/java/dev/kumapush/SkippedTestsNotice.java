package dev.kumapush;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Says in the Maven console which tests this build skipped and why. Surefire's console shows only a count of skipped
 * tests, and the reason (for the end-to-end tests: no Alertmanager binary) is only in its XML reports.
 *
 * <p>Run by the exec plugin in Maven's own JVM right after the tests ({@code pom.xml}): a report written before this
 * JVM started comes from an earlier build and is ignored.
 */
public final class SkippedTestsNotice {
    private SkippedTestsNotice() {
    }

    /** {@code args[0]}: surefire's reports folder. */
    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "target/surefire-reports");
        long buildStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (String line : notice(reports, buildStarted)) {
            System.out.println(line);
        }
    }

    /** Lines for the console: one per test class and reason, or none when this build skipped nothing. */
    static List<String> notice(Path reports, long writtenAfterMillis) throws Exception {
        Map<String, Integer> skipped = new TreeMap<>();
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path report : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted()
                    .toList()) {
                if (Files.getLastModifiedTime(report).toMillis() < writtenAfterMillis) {
                    continue;
                }
                count(report, skipped);
            }
        }
        return skipped.entrySet().stream()
                .map(e -> "[WARNING] " + e.getValue() + (e.getValue() == 1 ? " test" : " tests") + " SKIPPED in "
                        + e.getKey())
                .toList();
    }

    private static void count(Path report, Map<String, Integer> skipped) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc;
        try {
            doc = factory.newDocumentBuilder().parse(report.toFile());
        } catch (IOException | org.xml.sax.SAXException e) {
            skipped.merge("(unreadable report " + report.getFileName() + ": " + e.getMessage() + ")", 1, Integer::sum);
            return;
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            NodeList skips = testCase.getElementsByTagName("skipped");
            if (skips.getLength() > 0) {
                String reason = reason((Element) skips.item(0));
                skipped.merge(testCase.getAttribute("classname") + ": "
                        + (reason.isBlank() ? "(no reason given)" : reason), 1, Integer::sum);
            }
        }
    }

    /** The message, or else the first line of the stack trace the report holds, without the exception's type. */
    private static String reason(Element skip) {
        String message = skip.getAttribute("message");
        if (message.isBlank()) {
            message = skip.getTextContent().strip().lines().findFirst().orElse("");
            String type = skip.getAttribute("type");
            if (!type.isEmpty() && message.startsWith(type + ": ")) {
                message = message.substring(type.length() + 2);
            }
        }
        return message;
    }
}
