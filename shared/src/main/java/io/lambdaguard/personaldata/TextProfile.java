package io.lambdaguard.personaldata;

import java.util.List;

/**
 * What the pass that builds a string's {@link NormalisedText} learns that lets matchers skip it
 * cheaply (most tag values have neither an {@code @} nor enough digits for any numeric kind), and
 * the string's {@link DigitTokens}, read once for the matchers that need them.
 */
final class TextProfile {

  private final String view;
  private final int digits;
  private final boolean hasAt;
  private List<DigitTokens.Token> tokens;

  /**
   * @param view the text the matchers read
   * @param digits how many ASCII digits the view has
   * @param hasAt whether it has an {@code @}
   */
  TextProfile(String view, int digits, boolean hasAt) {
    this.view = view;
    this.digits = digits;
    this.hasAt = hasAt;
  }

  int digits() {
    return digits;
  }

  boolean hasAt() {
    return hasAt;
  }

  /** The view's digit tokens; a profile serves one detection on one thread. */
  List<DigitTokens.Token> digitTokens() {
    if (tokens == null) {
      tokens = DigitTokens.of(view);
    }
    return tokens;
  }
}
