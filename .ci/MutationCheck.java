import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads PIT's mutations.xml and prints, per package, killed/total, the mutation score and the test strength (killed
 * among the mutants some test covers), with PIT's own meaning of "killed": every detected status (killed, timed out,
 * memory or run error). Exits 1 when a package of {@code prefix} scores below {@code minScore} percent, 2 when the
 * report cannot be read or holds no mutant of {@code prefix}.
 *
 * <p>java .ci/MutationCheck.java target/pit-reports/mutations.xml dev.kumapush 80
 */
public final class MutationCheck {
    private static final class Tally {
        int total;
        int detected;
        int noCoverage;

        void add(boolean isDetected, boolean covered) {
            total++;
            if (isDetected) {
                detected++;
            }
            if (!covered) {
                noCoverage++;
            }
        }

        int score() {
            return percent(detected, total);
        }

        int strength() {
            return percent(detected, total - noCoverage);
        }
    }

    /** Rounded to the nearest whole percent, as PIT rounds the scores it checks against its own thresholds. */
    static int percent(int part, int whole) {
        return whole == 0 ? 100 : Math.round(100f * part / whole);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java MutationCheck.java MUTATIONS_XML PACKAGE_PREFIX MIN_SCORE");
            System.exit(2);
        }
        Path report = Path.of(args[0]);
        String prefix = args[1];
        int minScore = Integer.parseInt(args[2]);
        if (!Files.isReadable(report)) {
            System.err.println("mutation-check: no report at " + report + "; run the mutation profile first");
            System.exit(2);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList mutations = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
        Map<String, Tally> packages = new TreeMap<>();
        Tally all = new Tally();
        for (int i = 0; i < mutations.getLength(); i++) {
            Element m = (Element) mutations.item(i);
            String type = text(m, "mutatedClass");
            if (!type.startsWith(prefix + ".") && !type.equals(prefix)) {
                continue;
            }
            String pkg = type.lastIndexOf('.') < 0 ? "" : type.substring(0, type.lastIndexOf('.'));
            boolean detected = Boolean.parseBoolean(m.getAttribute("detected"));
            boolean covered = !m.getAttribute("status").equals("NO_COVERAGE");
            packages.computeIfAbsent(pkg, p -> new Tally()).add(detected, covered);
            all.add(detected, covered);
        }
        if (all.total == 0) {
            System.err.println("mutation-check: no mutant of " + prefix + " in " + report);
            System.exit(2);
        }
        String row = "%-28s %13s %6s %9s %9s  %s%n";
        System.out.printf(row, "package", "killed/total", "score", "uncovered", "strength", "");
        int below = 0;
        for (Map.Entry<String, Tally> e : packages.entrySet()) {
            Tally t = e.getValue();
            boolean low = t.score() < minScore;
            below += low ? 1 : 0;
            System.out.printf(Locale.ROOT, row, e.getKey(), t.detected + "/" + t.total, t.score() + "%",
                    t.noCoverage, t.strength() + "%", low ? "<- below " + minScore + "%" : "");
        }
        System.out.printf(Locale.ROOT, row, "all", all.detected + "/" + all.total, all.score() + "%", all.noCoverage,
                all.strength() + "%", "");
        if (below > 0) {
            System.err.println("mutation-check: " + below + " package(s) of " + prefix + " score below " + minScore
                    + "%");
            System.exit(1);
        }
        System.out.println("mutation-check: every package of " + prefix + " scores at least " + minScore + "%");
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().strip();
    }
}
