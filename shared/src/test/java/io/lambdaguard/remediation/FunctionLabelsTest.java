package io.lambdaguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.personaldata.FunctionNames;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.pseudonyms.Pseudonyms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One labelling for every function: names with personal data redacted and keyed, the detector built
 * only when needed.
 */
class FunctionLabelsTest {
  private static final String PREFIX = "arn:aws:lambda:us-east-1:123456789012:function:";
  private static final PersonalDataDetector DETECTOR = RuleBasedDetector.withDefaultPhoneRegions();
  private static final Pseudonyms PSEUDONYMS =
      Pseudonyms.withKey("a-test-key-that-no-stack-has-ever-used".getBytes(StandardCharsets.UTF_8));

  private final AtomicInteger built = new AtomicInteger();
  private final FunctionLabels screened =
      new FunctionLabels(
          () -> {
            built.incrementAndGet();
            return DETECTOR;
          },
          PSEUDONYMS,
          true);

  @Test
  void nameWithAnSsn_shouldBeRedactedWithAKeyedPseudonym() {
    String arn = PREFIX + "payroll-536-22-8741";

    String label = screened.label(arn);

    assertEquals(PREFIX + "payroll-[redacted:us-ssn] (#" + PSEUDONYMS.of(arn) + ")", label);
    assertEquals(label, screened.label(arn), "stable");
    assertFalse(label.contains("536") || label.contains("8741"), label);
  }

  @Test
  void qualifiedArn_shouldKeepItsQualifierAndLabelItsName() {
    String arn = PREFIX + "payroll-536-22-8741";

    assertEquals(screened.label(arn) + ":$LATEST", screened.label(arn + ":$LATEST"));
    assertEquals(PREFIX + "orders-api:$LATEST", screened.label(PREFIX + "orders-api:$LATEST"));
    assertEquals(1, built.get(), "only the name with digits was read, once");
  }

  @Test
  void scrub_shouldReplaceTheArnAndTheNameInText() {
    String arn = PREFIX + "payroll-536-22-8741";
    String label = screened.label(arn);

    String text =
        screened.scrub("log group /aws/lambda/payroll-536-22-8741 of " + arn + " has no key", arn);

    assertEquals(
        "log group /aws/lambda/payroll-[redacted:us-ssn] (#"
            + PSEUDONYMS.of(arn)
            + ") of "
            + label
            + " has no key",
        text);
  }

  @Test
  void ordinaryNames_shouldStayAsTheyAreAndNeverBuildTheDetector() {
    for (String name :
        List.of(
            "orders-api",
            "report-exporter-v2",
            "lambdaguard-EncryptionFunction-QwErTyUiOp12",
            "etl_2024_q3")) {
      assertEquals(PREFIX + name, screened.label(PREFIX + name));
      assertEquals("-", screened.label("-"));
    }
    assertEquals(0, built.get(), "the detector was built for names that cannot hold personal data");
  }

  @Test
  void unscreenedLabels_shouldReadEveryName() {
    FunctionLabels unscreened =
        new FunctionLabels(
            () -> {
              built.incrementAndGet();
              return DETECTOR;
            },
            PSEUDONYMS,
            false);

    assertEquals(PREFIX + "orders-api", unscreened.label(PREFIX + "orders-api"));
    assertEquals(1, built.get());
  }

  @Test
  void screen_shouldLetThroughEveryNameInWhichTheDetectorFindsSomething() throws IOException {
    // given: every string of the labelled corpus, as it is and as a function name would hold it
    List<String> missed = new ArrayList<>();
    int found = 0;
    for (String text : corpus()) {
      for (String name : List.of(text, text.replaceAll("[^A-Za-z0-9_-]", "-"))) {
        // then: wherever the detector finds personal data in a name, the screen lets the name
        // through to it
        if (!FunctionNames.detect(name, DETECTOR).isEmpty()) {
          found++;
          if (!FunctionLabels.mayHoldPersonalData(name)) {
            missed.add(name);
          }
        }
      }
    }
    assertTrue(found > 100, "control: the detector found personal data in " + found + " names");
    assertTrue(
        missed.isEmpty(),
        () ->
            missed.size()
                + " names with personal data skipped by the screen (row texts not shown)");
  }

  private static List<String> corpus() throws IOException {
    try (InputStream in =
        FunctionLabelsTest.class.getResourceAsStream("/personaldata/corpus.tsv")) {
      List<String> lines =
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
      return lines.subList(1, lines.size()).stream()
          .filter(l -> !l.isBlank())
          .map(l -> l.split("\t", -1)[2])
          .toList();
    }
  }
}
