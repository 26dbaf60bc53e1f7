package io.lambdaguard.personaldata;

import static io.lambdaguard.personaldata.PersonalDataKind.EMAIL;
import static io.lambdaguard.personaldata.PersonalDataKind.PHONE_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void singleFinding_shouldReplaceOnlyItsSpan() {
    String text = "owner:jane.doe@example.com;team=payments";
    assertEquals(
        "owner:[redacted:email];team=payments",
        Redaction.redact(text, List.of(new Finding(EMAIL, 6, 26))));
  }

  @Test
  void severalFindings_shouldEachBeReplacedWhateverTheirOrder() {
    String text = "a@example.com or +44 20 7946 0958";
    List<Finding> unordered = List.of(new Finding(PHONE_NUMBER, 17, 33), new Finding(EMAIL, 0, 13));
    assertEquals("[redacted:email] or [redacted:phone-number]", Redaction.redact(text, unordered));
  }

  @Test
  void overlappingFindings_shouldBeMergedAndMarkedWithTheLongestKind() {
    String text = "x 4420794609580@example.com y";
    List<Finding> findings = List.of(new Finding(PHONE_NUMBER, 2, 15), new Finding(EMAIL, 2, 27));
    assertEquals("x [redacted:email] y", Redaction.redact(text, findings));
  }

  @Test
  void partlyOverlappingFindings_shouldLeaveNoCharacterOfEither() {
    String text = "0123456789";
    List<Finding> findings = List.of(new Finding(PHONE_NUMBER, 1, 5), new Finding(EMAIL, 3, 9));
    assertEquals("0[redacted:email]9", Redaction.redact(text, findings));
  }

  @Test
  void adjacentFindings_shouldKeepTheirOwnMarkers() {
    String text = "abcdef";
    List<Finding> findings = List.of(new Finding(EMAIL, 0, 3), new Finding(PHONE_NUMBER, 3, 6));
    assertEquals("[redacted:email][redacted:phone-number]", Redaction.redact(text, findings));
  }

  @Test
  void noFindings_shouldReturnTheTextUnchanged() {
    String text = "team-payments";
    assertSame(text, Redaction.redact(text, List.of()));
  }

  @Test
  void customMarker_shouldBeUsedForEverySpan() {
    String text = "a@example.com b@example.com";
    List<Finding> findings = List.of(new Finding(EMAIL, 0, 13), new Finding(EMAIL, 14, 27));
    assertEquals(
        "redacted:email redacted:email",
        Redaction.redact(text, findings, Redaction::tagSafeMarker));
  }

  @Test
  void tagSafeMarker_shouldUseOnlyCharactersLambdaTagValuesAllow() {
    for (PersonalDataKind kind : PersonalDataKind.values()) {
      String marker = Redaction.tagSafeMarker(kind);
      assertTrue(marker.matches("[\\p{L}\\p{N} _.:/=+\\-@]+"), "marker for " + kind);
    }
  }

  @Test
  void findingOutsideTheText_shouldBeRejectedWithoutQuotingTheText() {
    String text = "jane.doe@example.com";
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> Redaction.redact(text, List.of(new Finding(EMAIL, 5, 40))));
    assertEquals("finding [5, 40) lies outside a text of length 20", error.getMessage());
  }

  @Test
  void detectedFindings_shouldRedactEveryKindInPlace() {
    String text =
        "mail jane.doe@example.com, card 4111 1111 1111 1111, iban DE89370400440532013000";
    String redacted =
        Redaction.redact(text, RuleBasedDetector.withDefaultPhoneRegions().detect(text));
    assertEquals(
        "mail [redacted:email], card [redacted:payment-card], iban [redacted:iban]", redacted);
  }
}
