package io.lambdaguard.personaldata;

import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: the span around each {@code @} is widened over the characters that real
 * addresses use, then Commons Validator confirms it, including that the top-level domain exists.
 */
final class EmailMatcher implements KindMatcher {

  // No local addresses, no bare TLDs: "team@payments" and "jane@localhost" are not addresses.
  private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (!profile.hasAt()) {
      return;
    }
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && isLocalChar(text.charAt(start - 1))) {
        start--;
      }
      // An address may be quoted ('jane@example.com'); a local part never starts with a dot.
      while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'')) {
        start++;
      }
      int end = at + 1;
      while (end < text.length() && isDomainChar(text.charAt(end))) {
        end++;
      }
      // A sentence may end right after the address: "mail jane@example.com."
      while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
        end--;
      }
      if (start < at
          && end > at + 1
          && !isUrlHost(text, start, end)
          && VALIDATOR.isValid(text.substring(start, end))) {
        sink.add(new Finding(PersonalDataKind.EMAIL, start, end));
      }
    }
  }

  /**
   * The local-part characters people actually use, letters of any script included so that
   * "jörg@..." is found whole. RFC 5322 allows more ({@code = / ! #} ...), but accepting those
   * would pull the key of {@code owner=jane@...} into the finding.
   */
  private static boolean isLocalChar(char c) {
    return Character.isLetterOrDigit(c)
        || c == '.'
        || c == '_'
        || c == '%'
        || c == '+'
        || c == '-'
        || c == '\'';
  }

  /** Letters of any script: the validator accepts internationalised domain names. */
  private static boolean isDomainChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '-';
  }

  /**
   * {@code user@host} right after {@code //} is a URL's user info and {@code git@host:path} is an
   * scp-style Git remote: neither is written as an address to reach a person. Credentials in URLs
   * are another rule's business.
   */
  private static boolean isUrlHost(String text, int start, int end) {
    boolean afterSlashes =
        start >= 2 && text.charAt(start - 1) == '/' && text.charAt(start - 2) == '/';
    boolean beforeRemotePath =
        end + 1 < text.length()
            && text.charAt(end) == ':'
            && (Boundaries.isWordChar(text.charAt(end + 1))
                || text.charAt(end + 1) == '/'
                || text.charAt(end + 1) == '~');
    return afterSlashes || beforeRemotePath;
  }
}
