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
 * Measures precision and recall of {@link RuleBasedDetector} over the labelled corpus and fails
 * below the targets, overall and for every kind: the main section {@code personaldata/corpus.tsv}
 * (what tags and descriptions hold) and the adversarial section {@code
 * personaldata/corpus-adversarial.tsv} (what careless and evasive writers produce: other scripts'
 * digits, Unicode spaces, other separators, hidden characters, case, numbers in runs). In the
 * adversarial section's text, {@code &#92;uXXXX} (a backslash, u, four hex digits) stands for that
 * UTF-16 unit, so that invisible characters stay reviewable.
 *
 * <p>Counting is per row and kind: a row labelled K is a true positive when K is found and a false
 * negative otherwise; every other kind found on any row (a NONE row or a row labelled with another
 * kind) is a false positive. The report names rows by line number and kinds only: the corpus text
 * never reaches the test output.
 */
class PersonalDataCorpusTest {

  private static final String CORPUS = "/personaldata/corpus.tsv";
  private static final String ADVERSARIAL = "/personaldata/corpus-adversarial.tsv";
  private static final double MIN_RECALL = 0.98;
  private static final double MIN_PRECISION = 0.99;
  private static final Set<String> FIELDS =
      Set.of("tag-key", "tag-value", "description", "function-name");

  /** One corpus line; {@code label} is null for NONE. */
  private record Row(int line, PersonalDataKind label, String field, String text) {}

  /** Per-kind row counts. */
  private static final class Tally {
    int truePositives;
    int falseNegatives;
    int falsePositives;
  }

  /**
   * The corpus measures the rule-based detector: names and addresses are Comprehend's, tested
   * against a stub.
   */
  private static final Set<PersonalDataKind> RULE_KINDS =
      EnumSet.complementOf(
          EnumSet.of(PersonalDataKind.PERSON_NAME, PersonalDataKind.POSTAL_ADDRESS));

  private static List<Row> rows;
  private static List<Row> adversarial;

  @BeforeAll
  static void loadCorpus() throws IOException {
    rows = readCorpus(CORPUS, false);
    adversarial = readCorpus(ADVERSARIAL, true);
  }

  @Test
  void corpus_shouldBeLargeAndSpanEveryKindAndField() {
    Map<PersonalDataKind, Long> positives =
        rows.stream()
            .filter(row -> row.label() != null)
            .collect(
                Collectors.groupingBy(
                    Row::label,
                    () -> new EnumMap<>(PersonalDataKind.class),
                    Collectors.counting()));
    long negatives = rows.stream().filter(row -> row.label() == null).count();

    assertAll(
        () -> assertTrue(rows.size() >= 320, "rows: " + rows.size()),
        () -> assertTrue(rows.size() - negatives >= 130, "positives: " + (rows.size() - negatives)),
        () -> assertTrue(negatives >= 190, "negatives: " + negatives),
        () -> assertEquals(RULE_KINDS, positives.keySet(), "kinds with positives"),
        () ->
            assertTrue(
                positives.values().stream().allMatch(count -> count >= 8),
                "positives per kind: " + positives),
        () ->
            assertEquals(
                FIELDS, rows.stream().map(Row::field).collect(Collectors.toSet()), "fields"));
  }

  @Test
  void adversarialSection_shouldSpanEveryRuleKindWithHardNegatives() {
    Map<PersonalDataKind, Long> positives =
        adversarial.stream()
            .filter(row -> row.label() != null)
            .collect(
                Collectors.groupingBy(
                    Row::label,
                    () -> new EnumMap<>(PersonalDataKind.class),
                    Collectors.counting()));
    long negatives = adversarial.stream().filter(row -> row.label() == null).count();

    assertAll(
        () -> assertEquals(RULE_KINDS, positives.keySet(), "kinds with positives"),
        () ->
            assertTrue(
                positives.values().stream().allMatch(count -> count >= 7),
                "positives per kind: " + positives),
        () -> assertTrue(negatives >= 45, "negatives: " + negatives),
        () ->
            assertTrue(
                adversarial.stream().anyMatch(row -> row.text().chars().anyMatch(c -> c > 0x7f)),
                "the escapes were decoded"));
  }

  @Test
  void ruleBasedDetector_shouldMeetPrecisionAndRecallTargetsOnCorpusForEveryKind() {
    var detector = RuleBasedDetector.withDefaultPhoneRegions();
    var report = new StringBuilder();
    boolean main = measure("personal-data corpus", rows, detector, report);
    boolean evasive = measure("adversarial section", adversarial, detector, report);
    System.out.print(report);

    if (!main || !evasive) {
      fail(report.toString());
    }
  }

  /**
   * Appends the section's figures to {@code report}; true when it meets the targets overall and for
   * every kind.
   */
  private static boolean measure(
      String section, List<Row> corpus, PersonalDataDetector detector, StringBuilder report) {
    Map<PersonalDataKind, Tally> tallies = new EnumMap<>(PersonalDataKind.class);
    for (PersonalDataKind kind : RULE_KINDS) {
      tallies.put(kind, new Tally());
    }
    List<String> failures = new ArrayList<>();

    for (Row row : corpus) {
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
        failures.add(
            "line "
                + row.line()
                + " ("
                + row.field()
                + "): labelled "
                + (row.label() == null ? "NONE" : row.label())
                + ", found "
                + found);
      }
    }

    int tp = tallies.values().stream().mapToInt(t -> t.truePositives).sum();
    int fn = tallies.values().stream().mapToInt(t -> t.falseNegatives).sum();
    int fp = tallies.values().stream().mapToInt(t -> t.falsePositives).sum();
    boolean met = meets(tp, fp, fn);

    report.append(
        String.format(
            "%s: %d rows, precision %.4f, recall %.4f (tp %d, fp %d, fn %d)%n",
            section, corpus.size(), ratio(tp, tp + fp), ratio(tp, tp + fn), tp, fp, fn));
    for (Map.Entry<PersonalDataKind, Tally> entry : tallies.entrySet()) {
      Tally t = entry.getValue();
      boolean kindMet = meets(t.truePositives, t.falsePositives, t.falseNegatives);
      met &= kindMet;
      report.append(
          String.format(
              "  %-13s precision %.4f  recall %.4f  (tp %d, fp %d, fn %d)%s%n",
              entry.getKey(),
              ratio(t.truePositives, t.truePositives + t.falsePositives),
              ratio(t.truePositives, t.truePositives + t.falseNegatives),
              t.truePositives,
              t.falsePositives,
              t.falseNegatives,
              kindMet ? "" : "  BELOW TARGET"));
    }
    failures.forEach(failure -> report.append("  ").append(failure).append(System.lineSeparator()));
    return met;
  }

  private static boolean meets(int truePositives, int falsePositives, int falseNegatives) {
    return ratio(truePositives, truePositives + falseNegatives) >= MIN_RECALL
        && ratio(truePositives, truePositives + falsePositives) >= MIN_PRECISION;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 1.0 : (double) numerator / denominator;
  }

  private static List<Row> readCorpus(String resource, boolean escaped) throws IOException {
    String content;
    try (InputStream in = PersonalDataCorpusTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
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
      PersonalDataKind label =
          columns[0].equals("NONE") ? null : PersonalDataKind.valueOf(columns[0]);
      parsed.add(new Row(line, label, columns[1], escaped ? unescape(columns[2]) : columns[2]));
    }
    return parsed;
  }

  /** {@code &#92;uXXXX} to its UTF-16 unit. */
  private static String unescape(String text) {
    var out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("\\u", i) && i + 6 <= text.length()) {
        out.append((char) Integer.parseInt(text, i + 2, i + 6, 16));
        i += 5;
      } else {
        out.append(text.charAt(i));
      }
    }
    return out.toString();
  }
}
