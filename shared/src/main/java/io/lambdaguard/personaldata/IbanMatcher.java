package io.lambdaguard.personaldata;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, unbroken or in groups separated by single spaces or dashes, in any case: the country's
 * exact length, its BBAN format and the mod-97 checksum must all hold (Commons Validator's {@link
 * IBANValidator}).
 */
final class IbanMatcher implements KindMatcher {

  /** Every IBAN has its two check digits; some (Qatar, Malta) may have few others. */
  private static final int MIN_DIGITS = 2;

  private static final IBANValidator VALIDATOR = IBANValidator.getInstance();

  /** Where an IBAN may start: country code and check digits; the rest is read by length. */
  private static final Pattern START = Pattern.compile("[A-Za-z]{2}\\d{2}");

  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (profile.digits() < MIN_DIGITS) {
      return;
    }
    Matcher m = START.matcher(text);
    int from = 0;
    while (m.find(from)) {
      int start = m.start();
      from = start + 1;
      IBANValidator.Validator country =
          VALIDATOR.getValidator(m.group().substring(0, 2).toUpperCase(Locale.ROOT));
      if (country == null || Boundaries.gluedBefore(text, start)) {
        continue;
      }
      int end = endOfIban(text, start, country.getIbanLength());
      if (end > 0
          && !Boundaries.gluedAfter(text, end)
          && VALIDATOR.isValid(compact(text, start, end))) {
        sink.add(new Finding(PersonalDataKind.IBAN, start, end));
        from = end;
      }
    }
  }

  /**
   * Reads {@code length} letters and digits from {@code start}, allowing one separator (a space, or
   * a dash, the same throughout) between any two, so that the printed groups of four need no
   * pattern per country and a word after the IBAN ("... 0130 00 EUR") is not read into it. Returns
   * the end index, or -1 when the text runs out or holds something else first.
   */
  private static int endOfIban(String text, int start, int length) {
    int read = 0;
    int i = start;
    char separator = 0;
    while (read < length) {
      char c = i + 1 < text.length() ? text.charAt(i) : 0;
      if (read > 0
          && (c == ' ' || c == '-')
          && (separator == 0 || separator == c)
          && isIbanChar(text.charAt(i + 1))) {
        separator = c;
        i++;
      }
      if (i >= text.length() || !isIbanChar(text.charAt(i))) {
        return -1;
      }
      read++;
      i++;
    }
    return i;
  }

  private static boolean isIbanChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static String compact(String text, int start, int end) {
    var iban = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      if (isIbanChar(text.charAt(i))) {
        iban.append(Character.toUpperCase(text.charAt(i)));
      }
    }
    return iban.toString();
  }
}
