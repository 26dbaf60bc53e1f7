package io.lambdaguard.personaldata;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US social security numbers in the ranges the SSA issues: area not 000, 666 or 900-999, group not
 * 00, serial not 0000.
 *
 * <p>Written {@code AAA-GG-SSSS}, {@code AAA GG SSSS} or with one other separator throughout
 * ({@code .}, {@code /}, {@code _}), the shape itself is evidence; several in a row are each found,
 * but a bare-grouped one next to other bare groups is part of a longer number. A bare nine-digit
 * number is one only right after an {@code SSN} or {@code social security (number)} label:
 * otherwise nine digits are far more often an id, a routing number or part of a timestamp.
 */
final class UsSsnMatcher implements KindMatcher {

  private static final int MIN_DIGITS = 9;

  /** The label may be joined to the number by a separator: "ssn=123456789", "SSN #123456789". */
  private static final Pattern LABELLED =
      Pattern.compile(
          "(?i)(?<![a-z0-9])"
              + "(?:ssn|social[ _-]?security(?:[ _-]?(?:number|no|nr))?)[ _:=#.-]{0,3}"
              + "(\\d{3})(\\d{2})(\\d{4})(?!\\d)");

  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (profile.digits() < MIN_DIGITS) {
      return;
    }
    List<DigitTokens.Token> tokens = profile.digitTokens();
    for (DigitTokens.Token token : tokens) {
      if (token.standsAlone() && token.hasShape(3, 2, 4) && isIssuable(text, token.start())) {
        sink.add(new Finding(PersonalDataKind.US_SSN, token.start(), token.end()));
      }
    }
    DigitTokens.tile(
        tokens,
        (sequence, from) ->
            DigitTokens.lengthsAre(sequence, from, 3, 2, 4)
                    && isIssuable(text, sequence.get(from).start())
                ? from + 3
                : -1,
        PersonalDataKind.US_SSN,
        sink);
    Matcher labelled = LABELLED.matcher(text);
    while (labelled.find()) {
      if (!Boundaries.gluedAfter(text, labelled.end())
          && isIssuable(labelled.group(1), labelled.group(2), labelled.group(3))) {
        sink.add(new Finding(PersonalDataKind.US_SSN, labelled.start(1), labelled.end()));
      }
    }
  }

  /**
   * The number written from {@code start} as three groups of 3, 2 and 4 digits with one separator.
   */
  private static boolean isIssuable(String text, int start) {
    String digits = Boundaries.digitsOf(text.substring(start, start + 11));
    return isIssuable(digits.substring(0, 3), digits.substring(3, 5), digits.substring(5));
  }

  private static boolean isIssuable(String area, String group, String serial) {
    return !area.equals("000")
        && !area.equals("666")
        && area.charAt(0) != '9'
        && !group.equals("00")
        && !serial.equals("0000");
  }
}
