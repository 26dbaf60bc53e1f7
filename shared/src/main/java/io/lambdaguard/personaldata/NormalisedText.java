package io.lambdaguard.personaldata;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The view of a string that the matchers read, so that personal data written with other scripts'
 * digits, full-width forms, Unicode spaces or hidden characters is found like its plain form:
 *
 * <ul>
 *   <li>Unicode NFKC ({@code ４１１１} becomes {@code 4111}, {@code ＡＢ} becomes {@code AB});
 *   <li>every decimal digit of any script ({@code \p{Nd}}: {@code ٤}, {@code ४}) becomes its ASCII
 *       digit;
 *   <li>every space separator ({@code \p{Zs}}: no-break, thin, ideographic space) becomes a space;
 *   <li>every dash ({@code \p{Pd}}: en dash, non-breaking hyphen) and the minus sign become {@code
 *       -}, and ideographic full stops a dot, as IDNA reads them in domain names;
 *   <li>format characters ({@code \p{Cf}}: zero-width space and joiners, soft hyphen, bidi
 *       controls) are removed.
 * </ul>
 *
 * Every position of the view maps back to the original, so a finding covers the whole original
 * span, hidden characters inside it included.
 *
 * <p>One pass over the string, which also counts what {@link TextProfile} needs. An ASCII string
 * (almost every tag) is its own view and costs no copy. Combining marks are normalised with the
 * character before them; compositions across other characters (Hangul jamo) are not.
 */
final class NormalisedText {

  private final String view;
  private final TextProfile profile;

  /** For view char i: the original range it came from; null when the view is the original. */
  private final int[] starts;

  private final int[] ends;

  private NormalisedText(String view, TextProfile profile, int[] starts, int[] ends) {
    this.view = view;
    this.profile = profile;
    this.starts = starts;
    this.ends = ends;
  }

  static NormalisedText of(String text) {
    int digits = 0;
    boolean hasAt = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return normalise(text);
      }
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '@') {
        hasAt = true;
      }
    }
    return new NormalisedText(text, new TextProfile(text, digits, hasAt), null, null);
  }

  private static NormalisedText normalise(String text) {
    var view = new StringBuilder(text.length());
    int[] starts = new int[text.length() + 8];
    int[] ends = new int[text.length() + 8];
    int digits = 0;
    boolean hasAt = false;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      String mapped;
      int type = Character.getType(cp);
      if (type == Character.FORMAT) {
        mapped = "";
      } else if (type == Character.SPACE_SEPARATOR) {
        mapped = " ";
      } else if (type == Character.DASH_PUNCTUATION || cp == '\u2212') {
        mapped = "-";
      } else if (cp == '\u3002' || cp == '\uFF61') {
        // Ideographic full stops separate domain labels as a dot does (IDNA); NFKC keeps them.
        mapped = ".";
      } else if (type == Character.DECIMAL_DIGIT_NUMBER) {
        mapped = String.valueOf((char) ('0' + Character.digit(cp, 10)));
      } else if (cp < 0x80 && !isCombiningMark(next < text.length() ? text.codePointAt(next) : 0)) {
        mapped = String.valueOf((char) cp);
      } else {
        // The character with its combining marks, so that NFKC can compose them.
        while (next < text.length() && isCombiningMark(text.codePointAt(next))) {
          next += Character.charCount(text.codePointAt(next));
        }
        mapped = plain(Normalizer.normalize(text.substring(i, next), Normalizer.Form.NFKC));
      }
      for (int k = 0; k < mapped.length(); k++) {
        char c = mapped.charAt(k);
        if (view.length() == starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
          ends = Arrays.copyOf(ends, ends.length * 2);
        }
        starts[view.length()] = i;
        ends[view.length()] = next;
        view.append(c);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (c == '@') {
          hasAt = true;
        }
      }
      i = next;
    }
    String normalised = view.toString();
    return new NormalisedText(normalised, new TextProfile(normalised, digits, hasAt), starts, ends);
  }

  /**
   * What NFKC left that the view still maps: digits of other scripts, spaces, dashes, format
   * characters.
   */
  private static String plain(String normalised) {
    var out = new StringBuilder(normalised.length());
    for (int k = 0; k < normalised.length(); k++) {
      char c = normalised.charAt(k);
      switch (Character.getType(c)) {
        case Character.FORMAT -> {}
        case Character.SPACE_SEPARATOR -> out.append(' ');
        case Character.DASH_PUNCTUATION -> out.append('-');
        case Character.DECIMAL_DIGIT_NUMBER -> out.append((char) ('0' + Character.digit(c, 10)));
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isCombiningMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /** The text the matchers read. */
  String view() {
    return view;
  }

  TextProfile profile() {
    return profile;
  }

  /** The finding made on the view, as a range of the original text. */
  Finding toOriginal(Finding inView) {
    if (starts == null) {
      return inView;
    }
    return new Finding(inView.kind(), starts[inView.start()], ends[inView.end() - 1]);
  }
}
