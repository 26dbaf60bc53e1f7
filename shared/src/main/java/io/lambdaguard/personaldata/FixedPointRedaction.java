package io.lambdaguard.personaldata;

import java.util.List;
import java.util.function.Function;

/**
 * Redacts a string until the detector finds nothing more in the result, within a length limit, so
 * that a fix never writes text that still holds personal data nor text the service would refuse.
 *
 * <p>Redacting again matters: removing one span can leave the rest readable as a new finding, and a
 * detector that is not purely rule-based may find something in the result it missed before. When
 * the markers make the text too long, shorter markers are used for every finding; the shortest is
 * shorter than any finding, so the redacted text is never longer than the original.
 */
public final class FixedPointRedaction {

  /** How many detect-and-redact rounds at most; the rule-based detector is clean after one. */
  static final int MAX_ROUNDS = 4;

  /** Markers from most to least telling, for one place where the text is written. */
  public enum Markers {
    /** Descriptions accept any character. */
    DESCRIPTION(List.of(Redaction::marker, kind -> "[redacted]", kind -> "[-]")),
    /** Tag values accept letters, digits, spaces and {@code _.:/=+-@} only. */
    TAG_VALUE(List.of(Redaction::tagSafeMarker, kind -> "redacted", kind -> "-"));

    private final List<Function<PersonalDataKind, String>> tiers;

    Markers(List<Function<PersonalDataKind, String>> tiers) {
      this.tiers = tiers;
    }
  }

  /**
   * The outcome of a redaction.
   *
   * @param text the redacted text
   * @param left what the detector still finds in {@code text} after the last round; empty when
   *     clean
   * @param fits whether {@code text} is within the limit
   */
  public record Result(String text, List<Finding> left, boolean fits) {

    public Result {
      left = List.copyOf(left);
    }

    /** Clean and within the limit: safe to write. */
    public boolean writable() {
      return left.isEmpty() && fits;
    }
  }

  private FixedPointRedaction() {}

  /**
   * Redacts {@code text} to a fixed point of {@code detector}, with the most telling markers whose
   * result has at most {@code maxLength} characters (Unicode code points, as AWS counts them).
   */
  public static Result redact(
      PersonalDataDetector detector, String text, Markers markers, int maxLength) {
    Result result = null;
    for (Function<PersonalDataKind, String> marker : markers.tiers) {
      result = redact(detector, text, marker, maxLength);
      if (result.fits() || !result.left().isEmpty()) {
        return result;
      }
    }
    return result;
  }

  private static Result redact(
      PersonalDataDetector detector,
      String text,
      Function<PersonalDataKind, String> marker,
      int maxLength) {
    String current = text;
    List<Finding> found = detector.detect(current);
    for (int round = 0; round < MAX_ROUNDS && !found.isEmpty(); round++) {
      current = Redaction.redact(current, found, marker);
      found = detector.detect(current);
    }
    return new Result(current, found, current.codePointCount(0, current.length()) <= maxLength);
  }
}
