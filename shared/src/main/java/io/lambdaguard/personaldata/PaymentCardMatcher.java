package io.lambdaguard.personaldata;

import java.util.List;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 13 to 19 digits, unbroken or grouped the way cards are printed, whose
 * prefix and length belong to a known scheme and whose Luhn check digit is right.
 *
 * <p>Grouped 4-4-4-4 (+ up to 3) or 4-6-4/4-6-5 (Diners, Amex), with one separator used throughout
 * (a space, {@code -}, {@code .}, {@code /} or {@code _}): "4111 1111-1111 1111" is not how anyone
 * writes a card. Several cards in a row are each found; a three-digit group right after a card
 * printed in bare groups is its CVV and is part of the finding. Any other bare group next to a
 * card's groups makes them part of a longer number, not a card ({@link DigitTokens#tile}).
 */
final class PaymentCardMatcher implements KindMatcher {

  private static final int MIN_DIGITS = 13;

  private static final int[][] GROUPED = {
    {4, 4, 4, 4, 3}, {4, 4, 4, 4, 2}, {4, 4, 4, 4, 1}, {4, 4, 4, 4}, {4, 6, 5}, {4, 6, 4},
  };

  private static final int CVV_DIGITS = 3;

  /** JCB, 3528-3589, 16 to 19 digits; Commons Validator has no JCB validator. */
  private static final CodeValidator JCB =
      new CodeValidator("^(35(?:2[89]|[3-8]\\d)\\d{12,15})$", LuhnCheckDigit.LUHN_CHECK_DIGIT);

  /**
   * China UnionPay, 62, 16 to 19 digits; Commons Validator knows only its Discover co-brand range.
   */
  private static final CodeValidator UNIONPAY =
      new CodeValidator("^(62\\d{14,17})$", LuhnCheckDigit.LUHN_CHECK_DIGIT);

  private static final CreditCardValidator SCHEMES =
      new CreditCardValidator(
          new CodeValidator[] {
            CreditCardValidator.VISA_VALIDATOR,
            CreditCardValidator.MASTERCARD_VALIDATOR,
            CreditCardValidator.AMEX_VALIDATOR,
            CreditCardValidator.DISCOVER_VALIDATOR,
            CreditCardValidator.DINERS_VALIDATOR,
            JCB,
            UNIONPAY,
          });

  @Override
  public void find(String text, TextProfile profile, List<Finding> sink) {
    if (profile.digits() < MIN_DIGITS) {
      return;
    }
    List<DigitTokens.Token> tokens = profile.digitTokens();
    for (DigitTokens.Token token : tokens) {
      if (!token.bare()
          && token.standsAlone()
          && isGroupedCard(token)
          && SCHEMES.isValid(Boundaries.digitsOf(text.substring(token.start(), token.end())))) {
        sink.add(new Finding(PersonalDataKind.PAYMENT_CARD, token.start(), token.end()));
      }
    }
    DigitTokens.tile(
        tokens,
        (sequence, from) -> readCard(text, sequence, from),
        PersonalDataKind.PAYMENT_CARD,
        sink);
  }

  private static boolean isGroupedCard(DigitTokens.Token token) {
    for (int[] shape : GROUPED) {
      if (token.hasShape(shape)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A card printed in bare groups (or unbroken) from token {@code from}, with its CVV if one
   * follows.
   */
  private static int readCard(String text, List<DigitTokens.Token> sequence, int from) {
    int end = -1;
    DigitTokens.Token first = sequence.get(from);
    if (first.standsAlone()
        && first.digits() >= MIN_DIGITS
        && first.digits() <= 19
        && SCHEMES.isValid(DigitTokens.digits(text, sequence, from, from + 1))) {
      end = from + 1;
    }
    for (int k = 0; end < 0 && k < GROUPED.length; k++) {
      if (DigitTokens.lengthsAre(sequence, from, GROUPED[k])
          && SCHEMES.isValid(DigitTokens.digits(text, sequence, from, from + GROUPED[k].length))) {
        end = from + GROUPED[k].length;
      }
    }
    if (end > 0 && DigitTokens.lengthsAre(sequence, end, CVV_DIGITS)) {
      end++;
    }
    return end;
  }
}
