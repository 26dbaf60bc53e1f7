package io.lambdaguard.personaldata;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UK National Insurance numbers: a prefix HMRC allocates, six digits and a suffix A to D, written
 * {@code AB123456C}, {@code AB 123456 C} or {@code AB 12 34 56 C}, in capitals as printed or in
 * lower or mixed case as people type them.
 */
final class UkNinoMatcher implements KindMatcher {

  private static final int MIN_DIGITS = 6;

  /**
   * First letter not D, F, I, Q, U or V; second letter not those nor O. QQ, HMRC's own example
   * prefix, is therefore never matched.
   */
  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?i)"
              + "([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(?:\\d{6}|\\d{6} | \\d{6} | \\d{2} \\d{2} \\d{2} )[A-D]");

  /** Prefixes that are never allocated. */
  private static final Set<String> UNALLOCATED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (profile.digits() < MIN_DIGITS) {
      return;
    }
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      if (Boundaries.standsAlone(text, m.start(), m.end())
          && !UNALLOCATED.contains(m.group(1).toUpperCase(Locale.ROOT))) {
        sink.add(new Finding(PersonalDataKind.UK_NINO, m.start(), m.end()));
      }
    }
  }
}
