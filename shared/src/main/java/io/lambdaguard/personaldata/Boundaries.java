package io.lambdaguard.personaldata;

/**
 * Decides whether a candidate stands on its own or is a fragment of a longer token such as an ARN,
 * a UUID, a version, an IP address or an order id: fragments are never personal data.
 */
final class Boundaries {

  /**
   * Characters that join two word characters into one token ({@code v1.2.3}, {@code ORD-2024},
   * {@code 10.0.0.0/16}); between a word character and a candidate they glue the candidate to that
   * word. {@code :} and {@code =} are absent on purpose: they separate a key from a value ({@code
   * phone:+44 ...}, {@code owner=...}).
   */
  private static final String JOINERS = ".-/\\+@";

  private Boundaries() {}

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True when {@code [start, end)} is neither glued to what precedes it nor to what follows it. */
  static boolean standsAlone(CharSequence text, int start, int end) {
    return !gluedBefore(text, start) && !gluedAfter(text, end);
  }

  static boolean gluedBefore(CharSequence text, int start) {
    if (start == 0) {
      return false;
    }
    char c = text.charAt(start - 1);
    return isWordChar(c)
        || (JOINERS.indexOf(c) >= 0 && start >= 2 && isWordChar(text.charAt(start - 2)));
  }

  static boolean gluedAfter(CharSequence text, int end) {
    if (end == text.length()) {
      return false;
    }
    char c = text.charAt(end);
    // A trailing colon followed by a word character is a host:port, a time or an ARN field.
    return isWordChar(c)
        || ((JOINERS.indexOf(c) >= 0 || c == ':')
            && end + 1 < text.length()
            && isWordChar(text.charAt(end + 1)));
  }

  /**
   * True when {@code [start, end)} is one part of a longer run of space-separated digit groups: the
   * first sixteen digits of a twenty-digit reference, the {@code 123 45 6789} after a German area
   * code. A group after the candidate counts only when it stands bare, so that a phone number
   * followed by a date is still one; a candidate that starts with {@code +} or {@code (} starts a
   * new number whatever precedes it ("+44 20 7946 0958 +1 415 555 0123" is two).
   */
  static boolean continuesDigitGroups(CharSequence text, int start, int end) {
    if (start >= 2
        && isAsciiDigit(text.charAt(start))
        && text.charAt(start - 1) == ' '
        && isAsciiDigit(text.charAt(start - 2))) {
      return true;
    }
    if (end + 1 >= text.length()
        || text.charAt(end) != ' '
        || !isAsciiDigit(text.charAt(end + 1))) {
      return false;
    }
    int i = end + 1;
    while (i < text.length() && isAsciiDigit(text.charAt(i))) {
      i++;
    }
    return i == text.length() || text.charAt(i) == ' ';
  }

  /** Returns the ASCII digits of {@code text} in order. */
  static String digitsOf(CharSequence text) {
    var digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isAsciiDigit(c)) {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
