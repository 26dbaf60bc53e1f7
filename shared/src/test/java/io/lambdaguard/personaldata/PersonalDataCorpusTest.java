package io.lambdaguard.personaldata;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures precision and recall of {@link RuleBasedDetector} over the labelled corpus
 * {@code personaldata/corpus.tsv} and fails below the targets.
 *
 * <p>Counting is per row and kind: a row labelled K is a true positive when K is found and a
 * false negative otherwise; every other kind found on any row (a NONE row or a row labelled with
 * another kind) is a false positive. The report names rows by line number and kinds only: the
 * corpus text never reaches the test output.
 */
class PersonalDataCorpusTest {

    private static final String CORPUS = "/personaldata/corpus.tsv";
    private static final double MIN_RECALL = 0.98;
    private static final double MIN_PRECISION = 0.99;
    private static final Set<String> FIELDS = Set.of("tag-key", "tag-value", "description", "function-name");

    /** One corpus line; {@code label} is null for NONE. */
    private record Row(int line, PersonalDataKind label, String field, String text) {
    }

    /** Per-kind row counts. */
    private static final class Tally {
        int truePositives;
        int falseNegatives;
        int falsePositives;
    }

    /** The corpus measures the rule-based detector: names and addresses are Comprehend's, tested against a stub. */
    private static final Set<PersonalDataKind> RULE_KINDS =
            EnumSet.complementOf(EnumSet.of(PersonalDataKind.PERSON_NAME, PersonalDataKind.POSTAL_ADDRESS));

    private static List<Row> rows;

    @BeforeAll
    static void loadCorpus() throws IOException {
        rows = readCorpus();
    }

    @Test
    void corpus_shouldBeLargeAndSpanEveryKindAndField() {
        Map<PersonalDataKind, Long> positives = rows.stream()
                .filter(row -> row.label() != null)
                .collect(Collectors.groupingBy(
                        Row::label, () -> new EnumMap<>(PersonalDataKind.class), Collectors.counting()));
        long negatives = rows.stream().filter(row -> row.label() == null).count();

        assertAll(
                () -> assertTrue(rows.size() >= 320, "rows: " + rows.size()),
                () -> assertTrue(rows.size() - negatives >= 130, "positives: " + (rows.size() - negatives)),
                () -> assertTrue(negatives >= 190, "negatives: " + negatives),
                () -> assertEquals(RULE_KINDS, positives.keySet(), "kinds with positives"),
                () -> assertTrue(positives.values().stream().allMatch(count -> count >= 8),
                        "positives per kind: " + positives),
                () -> assertEquals(FIELDS, rows.stream().map(Row::field).collect(Collectors.toSet()), "fields"));
    }

    @Test
    void ruleBasedDetector_shouldMeetPrecisionAndRecallTargetsOnCorpus() {
        var detector = RuleBasedDetector.withDefaultPhoneRegions();
        Map<PersonalDataKind, Tally> tallies = new EnumMap<>(PersonalDataKind.class);
        for (PersonalDataKind kind : RULE_KINDS) {
            tallies.put(kind, new Tally());
        }
        List<String> failures = new ArrayList<>();

        for (Row row : rows) {
            Set<PersonalDataKind> found = EnumSet.noneOf(PersonalDataKind.class);
            detector.detect(row.text()).forEach(finding -> found.add(finding.kind()));
            if (row.label() != null) {
                if (found.contains(row.label())) {
                    tallies.get(row.label()).truePositives++;
                } else {
                    tallies.get(row.label()).falseNegatives++;
                }
            }
            Set<PersonalDataKind> unexpected = EnumSet.copyOf(found);
            if (row.label() != null) {
                unexpected.remove(row.label());
            }
            unexpected.forEach(kind -> tallies.get(kind).falsePositives++);
            if ((row.label() != null && !found.contains(row.label())) || !unexpected.isEmpty()) {
                failures.add("line " + row.line() + " (" + row.field() + "): labelled "
                        + (row.label() == null ? "NONE" : row.label()) + ", found " + found);
            }
        }

        int tp = tallies.values().stream().mapToInt(t -> t.truePositives).sum();
        int fn = tallies.values().stream().mapToInt(t -> t.falseNegatives).sum();
        int fp = tallies.values().stream().mapToInt(t -> t.falsePositives).sum();
        double recall = ratio(tp, tp + fn);
        double precision = ratio(tp, tp + fp);

        var report = new StringBuilder();
        report.append(String.format(
                "personal-data corpus: %d rows, precision %.4f, recall %.4f (tp %d, fp %d, fn %d)%n",
                rows.size(), precision, recall, tp, fp, fn));
        tallies.forEach((kind, t) -> report.append(String.format(
                "  %-13s precision %.4f  recall %.4f  (tp %d, fp %d, fn %d)%n",
                kind, ratio(t.truePositives, t.truePositives + t.falsePositives),
                ratio(t.truePositives, t.truePositives + t.falseNegatives),
                t.truePositives, t.falsePositives, t.falseNegatives)));
        failures.forEach(failure -> report.append("  ").append(failure).append(System.lineSeparator()));
        System.out.print(report);

        if (recall < MIN_RECALL || precision < MIN_PRECISION) {
            fail(report.toString());
        }
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 1.0 : (double) numerator / denominator;
    }

    private static List<Row> readCorpus() throws IOException {
        String content;
        try (InputStream in = PersonalDataCorpusTest.class.getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + CORPUS);
            }
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = content.lines().toList();
        assertEquals("label\tfield\ttext\tnote", lines.getFirst(), "corpus header");
        var parsed = new ArrayList<Row>();
        for (int i = 1; i < lines.size(); i++) {
            String[] columns = lines.get(i).split("\t", -1);
            int line = i + 1;
            // The message names the line only: the text may be a positive.
            assertEquals(4, columns.length, "columns on corpus line " + line);
            assertTrue(FIELDS.contains(columns[1]), "field on corpus line " + line);
            PersonalDataKind label = columns[0].equals("NONE") ? null : PersonalDataKind.valueOf(columns[0]);
            parsed.add(new Row(line, label, columns[1], columns[2]));
        }
        return parsed;
    }
}
