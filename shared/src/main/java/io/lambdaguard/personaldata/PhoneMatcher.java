package io.lambdaguard.personaldata;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers: libphonenumber finds numbers that are valid for one of the default regions, then a
 * gate keeps only those that are written the way people write phone numbers.
 *
 * <p>Why the gate: tag values are full of digit strings (account ids, timestamps, order ids,
 * versions), and a valid-looking digit string is not enough evidence. A number is kept when it
 *
 * <ul>
 *   <li>stands alone: not glued to a word, a version, an id or a path, nor one group of a longer
 *       run of digit groups ({@link Boundaries}), and
 *   <li>starts with {@code +} or an international call prefix ({@code 00}, {@code 011}), or
 *   <li>is in national format with separators between its digit groups, and starts with the
 *       region's trunk prefix ({@code 0} in GB, DE, FR, IN), or, in North America, is grouped 3-3-4
 *       with an optional leading 1: {@code (415) 555-0123}, {@code 1-800-555-0199};
 *   <li>and, unless it starts with {@code +}, is not written in blocks of four ({@code
 *       0123-4567-8901} is an AWS account id), does not end in a lone check digit ({@code
 *       0-306-40615-2} is an ISBN), is not dotted other than 3.3.4 or in pairs ({@code
 *       0.78.563.4808} is a version), not two clock times ({@code 0300-0500}) and has no slash
 *       other than one after the area code ({@code 06/2024-12/2024} is a date range).
 * </ul>
 *
 * The price: an unformatted national number ({@code 02079460958}, {@code 4155550123}) is missed.
 * That trade is deliberate: stripping a cost-allocation or automation tag is worse than missing a
 * phone number nobody formatted.
 *
 * <p>Why runs: libphonenumber costs tens of microseconds per call and region. It only reads runs of
 * digits and phone punctuation that could pass the gate, and only runs that no stronger kind (card,
 * IBAN, SSN) has claimed.
 */
final class PhoneMatcher implements KindMatcher {

  /** Fewer digits than any number the default regions dial with an area code. */
  private static final int MIN_DIGITS = 7;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Bounds libphonenumber's work on a pathological run; tag values are short. */
  private static final long MAX_TRIES = 16;

  /** North American 415.555.0123 and 1.415.555.0123, French 01.23.45.67.89. */
  private static final Set<List<Integer>> DOTTED_PHONE_GROUPS =
      Set.of(List.of(3, 3, 4), List.of(1, 3, 3, 4), List.of(2, 2, 2, 2, 2));

  private final List<Region> regions;

  /** A default region and its national (trunk) prefix, or null when it has none. */
  private record Region(String code, String trunkPrefix) {

    /**
     * Whether the gate could keep a national number of this region whose digits start like {@code
     * digits}: with an international prefix, the region's trunk prefix, or, in North America,
     * anything but 0.
     */
    boolean mayRead(String digits) {
      return digits.startsWith("00")
          || digits.startsWith("011")
          || trunkPrefix == null
          || ("1".equals(trunkPrefix) ? digits.charAt(0) != '0' : digits.startsWith(trunkPrefix));
    }
  }

  PhoneMatcher(Set<String> regionCodes) {
    if (regionCodes.isEmpty()) {
      throw new IllegalArgumentException("at least one default phone region is needed");
    }
    var supported = UTIL.getSupportedRegions();
    var sorted = new ArrayList<Region>();
    for (String code : regionCodes.stream().sorted().toList()) {
      if (!supported.contains(code)) {
        throw new IllegalArgumentException("unsupported phone region: " + code);
      }
      sorted.add(new Region(code, UTIL.getNddPrefixForRegion(code, true)));
    }
    regions = List.copyOf(sorted);
  }

  /**
   * Adds the phone numbers in {@code text}. Runs before it have put the stronger kinds into {@code
   * sink}: a run that overlaps one of them is skipped.
   */
  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (profile.digits() < MIN_DIGITS) {
      return;
    }
    int start = 0;
    while (start < text.length()) {
      int end = runEnd(text, start);
      if (end > start && isCandidateRun(text, start, end) && !overlapsAny(sink, start, end)) {
        findInRun(text, start, end, sink);
      }
      start = Math.max(end, start + 1);
    }
  }

  private void findInRun(String text, int start, int end, List<Finding> sink) {
    String run = text.substring(start, end);
    // Without spaces or brackets, a run can only be read whole: any part of it is glued to the
    // rest by a joiner. The gate can then judge it before libphonenumber does.
    boolean readWhole = isJoinedOnly(run);
    // A leading + reads the same in every region. Otherwise the run's leading digits decide
    // which regions could keep it; a second number later in the same run is read with them too.
    boolean international = run.charAt(0) == '+' && run.indexOf('/') < 0;
    String digits = Boundaries.digitsOf(run);
    int before = sink.size();
    for (Region region : international ? regions.subList(0, 1) : regions) {
      if ((!international && !region.mayRead(digits))
          || (readWhole && !isWrittenAsPhoneNumber(text, start, end, run, region))) {
        continue;
      }
      var matches =
          UTIL.findNumbers(CharBuffer.wrap(run), region.code(), Leniency.VALID, MAX_TRIES);
      for (PhoneNumberMatch match : matches) {
        int matchStart = start + match.start();
        int matchEnd = start + match.end();
        if (isWrittenAsPhoneNumber(text, matchStart, matchEnd, match.rawString(), region)
            && !overlapsAny(sink.subList(before, sink.size()), matchStart, matchEnd)) {
          sink.add(new Finding(PersonalDataKind.PHONE_NUMBER, matchStart, matchEnd));
        }
      }
    }
    // A national number after an international one in the same run ("+1 415 555 0123 (212)
    // 555-0147")
    // needs the regions the leading + skipped.
    int covered = sink.size() > before ? sink.getLast().end() : start;
    if (international && covered > start && covered < end) {
      int next = covered;
      while (next < end
          && !Boundaries.isAsciiDigit(text.charAt(next))
          && text.charAt(next) != '('
          && text.charAt(next) != '+') {
        next++;
      }
      if (next < end && isCandidateRun(text, next, end)) {
        findInRun(text, next, end, sink);
      }
    }
  }

  /**
   * Returns the end of the run of digits and phone punctuation that starts at {@code start}, or
   * {@code start} when no run may start there: runs start with {@code +}, {@code (} or a digit that
   * is not glued to a word on its left. Trailing punctuation other than {@code )} is not part of
   * the run ("... 0958.").
   */
  private static int runEnd(String text, int start) {
    char first = text.charAt(start);
    if ((first != '+' && first != '(' && !Boundaries.isAsciiDigit(first))
        || (start > 0 && Boundaries.isWordChar(text.charAt(start - 1)))) {
      return start;
    }
    int end = start;
    int lastKept = start;
    for (; end < text.length(); end++) {
      char c = text.charAt(end);
      if (!Boundaries.isAsciiDigit(c) && !isPhonePunctuation(c)) {
        break;
      }
      if (Boundaries.isAsciiDigit(c) || c == ')') {
        lastKept = end + 1;
      }
    }
    return lastKept;
  }

  /** Seven digits or more, and a + or more than one digit group: the gate rejects anything else. */
  private static boolean isCandidateRun(String text, int start, int end) {
    int digits = 0;
    int groups = 0;
    boolean inGroup = false;
    for (int i = start; i < end; i++) {
      boolean digit = Boundaries.isAsciiDigit(text.charAt(i));
      digits += digit ? 1 : 0;
      groups += digit && !inGroup ? 1 : 0;
      inGroup = digit;
    }
    return digits >= MIN_DIGITS && (text.charAt(start) == '+' || groups > 1);
  }

  private static boolean isJoinedOnly(String run) {
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (!Boundaries.isAsciiDigit(c) && c != '-' && c != '.' && c != '/' && c != '+') {
        return false;
      }
    }
    return true;
  }

  /**
   * Separators libphonenumber accepts between digit groups, including Unicode spaces and dashes.
   */
  private static boolean isPhonePunctuation(char c) {
    return c == '+'
        || c == '('
        || c == ')'
        || c == '-'
        || c == '.'
        || c == '/'
        || c == '['
        || c == ']'
        || c == '~'
        || Character.isSpaceChar(c)
        || (c >= '\u2010' && c <= '\u2015')
        || c == '\u2212';
  }

  private static boolean overlapsAny(List<Finding> findings, int start, int end) {
    for (Finding finding : findings) {
      if (finding.start() < end && start < finding.end()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWrittenAsPhoneNumber(
      String text, int start, int end, String raw, Region region) {
    boolean plus = raw.charAt(0) == '+';
    // "+" itself joins nothing: "tel.+44 ..." is fine, "abc+4420..." is not.
    boolean gluedBefore =
        plus
            ? start > 0 && Boundaries.isWordChar(text.charAt(start - 1))
            : Boundaries.gluedBefore(text, start);
    if (gluedBefore
        || Boundaries.gluedAfter(text, end)
        || Boundaries.continuesDigitGroups(text, start, end)) {
      return false;
    }
    if (plus) {
      return true;
    }
    List<String> groupDigits = digitGroups(raw);
    List<Integer> groups = groupDigits.stream().map(String::length).toList();
    if (groups.size() < 2) {
      // A bare digit run: an account id, a timestamp, an order number far more often than a phone.
      return false;
    }
    if (groups.getLast() == 1) {
      // A lone trailing digit is a check digit (ISBN 0-306-40615-2), not how numbers are grouped.
      return false;
    }
    if (groups.size() >= 3 && groups.stream().allMatch(length -> length == 4)) {
      // Blocks of four are how account ids (1234-5678-9012), cards and IBANs are printed.
      return false;
    }
    if (isDotted(raw) && !DOTTED_PHONE_GROUPS.contains(groups)) {
      // Dots separate versions and IP addresses; phone numbers use them only as 3.3.4 or in pairs.
      return false;
    }
    if (groups.equals(List.of(4, 4))
        && isClockTime(groupDigits.get(0))
        && isClockTime(groupDigits.get(1))) {
      // "0300-0500" is a maintenance window, not a number.
      return false;
    }
    int slash = raw.indexOf('/');
    if (slash >= 0
        && (slash != raw.indexOf(groupDigits.getFirst()) + groupDigits.getFirst().length()
            || raw.indexOf('/', slash + 1) >= 0)) {
      // "030/1234567" puts the area code before a slash; any other slash is a date or a range.
      return false;
    }
    String digits = Boundaries.digitsOf(raw);
    if (digits.startsWith("00") || digits.startsWith("011")) {
      return true;
    }
    String trunk = region.trunkPrefix();
    if ("1".equals(trunk)) {
      return groups.equals(List.of(3, 3, 4))
          || (groups.equals(List.of(1, 3, 3, 4)) && digits.startsWith("1"));
    }
    return trunk == null || digits.startsWith(trunk);
  }

  private static boolean isDotted(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!Boundaries.isAsciiDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static List<String> digitGroups(String raw) {
    var groups = new ArrayList<String>();
    int start = -1;
    for (int i = 0; i <= raw.length(); i++) {
      boolean digit = i < raw.length() && Boundaries.isAsciiDigit(raw.charAt(i));
      if (digit && start < 0) {
        start = i;
      } else if (!digit && start >= 0) {
        groups.add(raw.substring(start, i));
        start = -1;
      }
    }
    return groups;
  }

  private static boolean isClockTime(String fourDigits) {
    int hours = Integer.parseInt(fourDigits, 0, 2, 10);
    int minutes = Integer.parseInt(fourDigits, 2, 4, 10);
    return hours <= 24 && minutes <= 59;
  }
}
