package io.lambdaguard.personaldata;

import java.util.List;

/**
 * Function names as the detector reads them. Here, not with the name rule, because every function
 * labels the names it logs ({@code FunctionLabels}) and so reads names the same way the rule does.
 */
public final class FunctionNames {
  private FunctionNames() {}

  /**
   * Names allow only letters, digits, {@code -} and {@code _}, so words are glued together ({@code
   * refund-4111-1111-...}, {@code payout_GB82WEST...}). A separator next to a letter is read as a
   * space, one character for one, so that positions stay valid; separators between digits stay, as
   * in a card or phone number written with dashes.
   */
  public static List<Finding> detect(String name, PersonalDataDetector detector) {
    return detector.detect(spaced(name));
  }

  /** The name as the detector reads it: see {@link #detect(String, PersonalDataDetector)}. */
  public static String spaced(String name) {
    char[] spaced = name.toCharArray();
    for (int i = 0; i < spaced.length; i++) {
      boolean separator = spaced[i] == '-' || spaced[i] == '_';
      boolean nextToLetter =
          (i > 0 && Character.isLetter(name.charAt(i - 1)))
              || (i + 1 < spaced.length && Character.isLetter(name.charAt(i + 1)));
      if (separator && (spaced[i] == '_' || nextToLetter)) {
        spaced[i] = ' ';
      }
    }
    return new String(spaced);
  }
}
