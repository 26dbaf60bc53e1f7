package io.lambdaguard.personaldata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.personaldata.FixedPointRedaction.Markers;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedPointRedactionTest {

  private static final RuleBasedDetector DETECTOR = RuleBasedDetector.withDefaultPhoneRegions();

  /** Finds only the first "xx" of a text: a detector that needs several rounds. */
  private static final PersonalDataDetector ONE_AT_A_TIME =
      text -> {
        int at = text.indexOf("xx");
        return at < 0 ? List.of() : List.of(new Finding(PersonalDataKind.EMAIL, at, at + 2));
      };

  private static String emails(int length) {
    var text = new StringBuilder();
    for (int i = 0; text.length() + 9 <= length; i++) {
      text.append(i == 0 ? "" : " ").append((char) ('a' + i % 26)).append("x@ex.io");
    }
    return text.toString();
  }

  @Test
  void textThatFits_shouldKeepTheTellingMarkers() {
    var result =
        FixedPointRedaction.redact(
            DETECTOR, "owner jane.doe@example.com", Markers.DESCRIPTION, 256);
    assertEquals(new FixedPointRedaction.Result("owner [redacted:email]", List.of(), true), result);
    assertTrue(result.writable());
  }

  @Test
  void findingsThatAppearOnlyAfterARedaction_shouldBeRedactedInLaterRounds() {
    var result =
        FixedPointRedaction.redact(ONE_AT_A_TIME, "xx and xx and xx", Markers.TAG_VALUE, 256);
    assertEquals("redacted:email and redacted:email and redacted:email", result.text());
    assertTrue(result.writable());
  }

  @Test
  void detectorThatNeverRunsDry_shouldReportWhatIsLeftAfterTheLastRound() {
    PersonalDataDetector always = text -> List.of(new Finding(PersonalDataKind.PHONE_NUMBER, 0, 1));
    var result = FixedPointRedaction.redact(always, "x", Markers.DESCRIPTION, 256);
    assertFalse(result.writable());
    assertEquals(
        List.of(PersonalDataKind.PHONE_NUMBER), result.left().stream().map(Finding::kind).toList());
  }

  @Test
  void fullDescriptionOfPersonalData_shouldFallBackToShorterMarkersWithinTheLimit() {
    String text = emails(256);
    var result = FixedPointRedaction.redact(DETECTOR, text, Markers.DESCRIPTION, 256);
    assertTrue(result.writable(), result::toString);
    assertTrue(result.text().codePointCount(0, result.text().length()) <= 256);
    assertTrue(result.text().startsWith("[-] [-]"), result.text());
    assertEquals(List.of(), DETECTOR.detect(result.text()));
  }

  @Test
  void middleMarker_shouldBeUsedWhenItIsTheMostTellingThatFits() {
    // 20 addresses of 14 characters and 19 spaces: 299 with the kind in the marker, 219 with
    // "[redacted]"
    String text = String.join(" ", java.util.Collections.nCopies(20, "ab@example.com"));
    var result = FixedPointRedaction.redact(DETECTOR, text, Markers.DESCRIPTION, 256);
    assertTrue(result.writable());
    assertTrue(result.text().startsWith("[redacted] [redacted]"), result.text());
  }

  @Test
  void tagValueMarkers_shouldUseOnlyCharactersTagValuesAccept() {
    var result = FixedPointRedaction.redact(DETECTOR, emails(256), Markers.TAG_VALUE, 256);
    assertTrue(result.writable());
    assertTrue(result.text().matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"), result.text());
  }

  @Test
  void limit_shouldCountCodePointsAsAwsDoes() {
    String text = "\uD83D\uDE00".repeat(250) + " a@ex.io";
    var result = FixedPointRedaction.redact(DETECTOR, text, Markers.DESCRIPTION, 256);
    assertTrue(result.writable(), "258 code points become 254 with the shortest marker");
    assertTrue(result.text().endsWith(" [-]"), result.text());
  }
}
