package io.lambdaguard.personaldata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Numbers as people write them, for the kinds printed in digit groups (cards, SSNs): a token is a
 * run of digit groups joined by single separators ({@code 4111-1111-1111-1111}, {@code
 * 078.05.1120}, {@code 12/29}) or one bare group ({@code 4111}); tokens one space apart form a
 * sequence ({@code 4111 1111 1111 1111}).
 *
 * <p>A number printed in bare groups is only accepted when its whole sequence of bare groups reads
 * as numbers of that kind, one after another ({@link #tile}): two cards in a row are two cards, but
 * the first sixteen digits of a twenty-digit reference are not a card.
 */
final class DigitTokens {

  /** Separators that join digit groups into one token; a space separates tokens. */
  private static final String JOINING = "-./_";

  /**
   * One token.
   *
   * @param start index of its first digit
   * @param end index after its last digit
   * @param groups the lengths of its digit groups
   * @param separator the one separator between its groups, 0 for a bare group, '?' when mixed
   * @param standsAlone not glued to a word or a longer token on either side ({@link Boundaries})
   * @param spaceBefore exactly one space lies between the previous token and this one
   */
  record Token(
      int start, int end, int[] groups, char separator, boolean standsAlone, boolean spaceBefore) {

    boolean bare() {
      return groups.length == 1;
    }

    int digits() {
      int sum = 0;
      for (int group : groups) {
        sum += group;
      }
      return sum;
    }

    /** Whether this token's groups are exactly {@code shape}, joined by one separator. */
    boolean hasShape(int... shape) {
      return separator != '?' && Arrays.equals(groups, shape);
    }
  }

  /** A number of some kind found by {@link #tile}: tokens {@code [from, to)} of the sequence. */
  interface UnitReader {
    /**
     * Returns the end (exclusive) of a number starting at token {@code from}, or -1 when none
     * starts there.
     */
    int read(List<Token> sequence, int from);
  }

  private DigitTokens() {}

  static List<Token> of(String text) {
    var tokens = new ArrayList<Token>();
    int previousEnd = -2;
    int i = 0;
    while (i < text.length()) {
      if (!Boundaries.isAsciiDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int[] groups = new int[4];
      int count = 0;
      char separator = 0;
      while (true) {
        int groupStart = i;
        while (i < text.length() && Boundaries.isAsciiDigit(text.charAt(i))) {
          i++;
        }
        if (count == groups.length) {
          groups = Arrays.copyOf(groups, count * 2);
        }
        groups[count++] = i - groupStart;
        if (i + 1 < text.length()
            && JOINING.indexOf(text.charAt(i)) >= 0
            && Boundaries.isAsciiDigit(text.charAt(i + 1))) {
          separator = separator == 0 || separator == text.charAt(i) ? text.charAt(i) : '?';
          i++;
        } else {
          break;
        }
      }
      int[] lengths = count == groups.length ? groups : Arrays.copyOf(groups, count);
      boolean spaceBefore = previousEnd == start - 1 && text.charAt(start - 1) == ' ';
      tokens.add(
          new Token(
              start, i, lengths, separator, Boundaries.standsAlone(text, start, i), spaceBefore));
      previousEnd = i;
    }
    return tokens;
  }

  /**
   * Reads every maximal sequence of bare tokens one space apart as numbers of one kind, one after
   * another, and adds the spans of {@code [from, to)} that {@code reader} found when the whole
   * sequence reads that way; a sequence with anything else in it yields nothing.
   */
  static void tile(
      List<Token> tokens, UnitReader reader, PersonalDataKind kind, List<Finding> sink) {
    int i = 0;
    while (i < tokens.size()) {
      if (!tokens.get(i).bare()) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < tokens.size() && tokens.get(end).bare() && tokens.get(end).spaceBefore()) {
        end++;
      }
      List<Token> sequence = tokens.subList(i, end);
      var spans = new ArrayList<Finding>();
      int at = 0;
      while (at < sequence.size()) {
        int to = reader.read(sequence, at);
        if (to < 0) {
          spans.clear();
          break;
        }
        spans.add(new Finding(kind, sequence.get(at).start(), sequence.get(to - 1).end()));
        at = to;
      }
      sink.addAll(spans);
      i = end;
    }
  }

  /**
   * Whether tokens {@code [from, to)} of {@code sequence} exist, stand alone and have these group
   * lengths.
   */
  static boolean lengthsAre(List<Token> sequence, int from, int... lengths) {
    if (from + lengths.length > sequence.size()) {
      return false;
    }
    for (int k = 0; k < lengths.length; k++) {
      Token token = sequence.get(from + k);
      if (!token.standsAlone() || token.groups()[0] != lengths[k]) {
        return false;
      }
    }
    return true;
  }

  /** The ASCII digits of tokens {@code [from, to)}. */
  static String digits(String text, List<Token> sequence, int from, int to) {
    return Boundaries.digitsOf(
        text.substring(sequence.get(from).start(), sequence.get(to - 1).end()));
  }
}
