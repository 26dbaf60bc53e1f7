package io.lambdaguard.personaldata;

import static io.lambdaguard.personaldata.PersonalDataKind.EMAIL;
import static io.lambdaguard.personaldata.PersonalDataKind.IBAN;
import static io.lambdaguard.personaldata.PersonalDataKind.PAYMENT_CARD;
import static io.lambdaguard.personaldata.PersonalDataKind.PHONE_NUMBER;
import static io.lambdaguard.personaldata.PersonalDataKind.UK_NINO;
import static io.lambdaguard.personaldata.PersonalDataKind.US_SSN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plants canary values of every kind in tag- and description-like strings and checks that none
 * survives detection and redaction anywhere it could leak: findings, exception messages, console
 * output and the redacted text. Assertion messages name canaries by number, never by value.
 */
class PersonalDataCanaryTest {

  /** A planted value and the kind it must be found as. */
  private record Canary(PersonalDataKind kind, String value) {}

  private static final List<Canary> CANARIES =
      List.of(
          new Canary(EMAIL, "canary.q7x3k9+lg@example.org"),
          new Canary(PHONE_NUMBER, "+44 20 7946 0729"),
          new Canary(PHONE_NUMBER, "(202) 555-0186"),
          new Canary(PAYMENT_CARD, "4000 0027 6000 3184"),
          new Canary(PAYMENT_CARD, "5425233430109903"),
          new Canary(IBAN, "GB33 BUKB 2020 1555 5555 55"),
          new Canary(US_SSN, "219-09-9999"),
          new Canary(UK_NINO, "JW 43 21 09 B"));

  /** Where canaries are planted: alone, as a key's value, inside a sentence. */
  private static final List<String> CONTEXTS =
      List.of(
          "%s",
          "owner:%s", "contact=%s;team=payments", "Escalate to %s (primary) before 2024-11-27");

  private final RuleBasedDetector detector = RuleBasedDetector.withDefaultPhoneRegions();

  @Test
  void plantedCanaries_shouldBeFoundAndLeaveNoTraceInFindingsOutputOrRedactedText() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    var console = new ByteArrayOutputStream();
    List<String> failures = new ArrayList<>();
    try (var capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      for (int c = 0; c < CANARIES.size(); c++) {
        Canary canary = CANARIES.get(c);
        for (int x = 0; x < CONTEXTS.size(); x++) {
          String where = "canary #" + c + " (" + canary.kind() + ") in context #" + x;
          String text = CONTEXTS.get(x).formatted(canary.value());
          int start = text.indexOf(canary.value());
          List<Finding> findings = detector.detect(text);
          if (!findings.contains(
              new Finding(canary.kind(), start, start + canary.value().length()))) {
            failures.add(where + ": not found with its exact span");
          }
          if (leaks(canary, findings.toString())) {
            failures.add(where + ": leaked into Finding.toString()");
          }
          if (leaks(canary, Redaction.redact(text, findings))
              || leaks(canary, Redaction.redact(text, findings, Redaction::tagSafeMarker))) {
            failures.add(where + ": survived redaction");
          }
          for (String message : exceptionMessages(text, findings)) {
            if (leaks(canary, message)) {
              failures.add(where + ": leaked into an exception message");
            }
          }
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    for (int c = 0; c < CANARIES.size(); c++) {
      if (leaks(CANARIES.get(c), printed)) {
        failures.add("canary #" + c + ": printed to the console");
      }
    }
    assertTrue(failures.isEmpty(), String.join("; ", failures));
  }

  @Test
  void canaryCheck_shouldNoticeALeakInAnyFormatting() {
    Canary card = CANARIES.get(3);
    assertTrue(leaks(card, "prefix 4000002760003184 suffix"), "compact form must count as a leak");
    assertTrue(leaks(card, "4000-0027-6000-3184"), "dashed form must count as a leak");
    assertFalse(leaks(card, "[redacted:payment-card]"), "marker must not count as a leak");
  }

  /** Provokes every exception the public API throws about {@code text} and its findings. */
  private List<String> exceptionMessages(String text, List<Finding> findings) {
    var messages = new ArrayList<String>();
    Finding last = findings.getLast();
    String shorter = text.substring(0, last.end() - 1);
    try {
      Redaction.redact(shorter, findings);
    } catch (IllegalArgumentException expected) {
      messages.add(expected.getMessage());
    }
    try {
      new Finding(last.kind(), last.end(), last.start());
    } catch (IllegalArgumentException expected) {
      messages.add(expected.getMessage());
    }
    if (messages.size() != 2) {
      throw new AssertionError("expected two exceptions, got " + messages.size());
    }
    return messages;
  }

  /**
   * True when {@code output} holds the canary as written or with its separators removed or changed.
   */
  private static boolean leaks(Canary canary, String output) {
    String value = lettersAndDigits(canary.value());
    return output.contains(canary.value()) || lettersAndDigits(output).contains(value);
  }

  private static String lettersAndDigits(String text) {
    var kept = new StringBuilder(text.length());
    text.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
    return kept.toString();
  }
}
