package io.lambdaguard.personaldata;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 13 to 19 digits, unbroken or grouped the way cards are printed, whose
 * prefix and length belong to a known scheme and whose Luhn check digit is right.
 */
final class PaymentCardMatcher implements KindMatcher {

    private static final int MIN_DIGITS = 13;

    /**
     * Unbroken, 4-4-4-4 (+ up to 3) or 4-6-4/4-6-5 (Diners, Amex), with one separator used
     * throughout: "4111 1111-1111 1111" is not how anyone writes a card. A short group before a
     * slash is an expiry date ("... 1111 12/29"), not more digits of the number.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<!\\d)(?:\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{1,3}(?![\\d/]))?"
                    + "|\\d{4}([ -])\\d{6}\\2\\d{4,5}"
                    + "|\\d{13,19})(?!\\d)");

    /** JCB, 3528-3589, 16 to 19 digits; Commons Validator has no JCB validator. */
    private static final CodeValidator JCB =
            new CodeValidator("^(35(?:2[89]|[3-8]\\d)\\d{12,15})$", LuhnCheckDigit.LUHN_CHECK_DIGIT);

    /** China UnionPay, 62, 16 to 19 digits; Commons Validator knows only its Discover co-brand range. */
    private static final CodeValidator UNIONPAY =
            new CodeValidator("^(62\\d{14,17})$", LuhnCheckDigit.LUHN_CHECK_DIGIT);

    private static final CreditCardValidator SCHEMES = new CreditCardValidator(new CodeValidator[] {
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
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (Boundaries.standsAlone(text, m.start(), m.end())
                    && !Boundaries.continuesDigitGroups(text, m.start(), m.end())
                    && SCHEMES.isValid(Boundaries.digitsOf(m.group()))) {
                sink.add(new Finding(PersonalDataKind.PAYMENT_CARD, m.start(), m.end()));
            }
        }
    }
}
