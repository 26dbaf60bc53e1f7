package io.lambdaguard.personaldata;

import java.util.List;

/** Finds the candidates of one kind of personal data and keeps those its validator confirms. */
sealed interface KindMatcher
    permits EmailMatcher,
        PhoneMatcher,
        PaymentCardMatcher,
        IbanMatcher,
        UsSsnMatcher,
        UkNinoMatcher {

  /**
   * Adds this matcher's findings in {@code text} to {@code sink}; {@code profile} describes {@code
   * text}.
   */
  void find(String text, TextProfile profile, List<Finding> sink);
}
