package io.lambdaguard.personaldata;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US social security numbers in the ranges the SSA issues: area not 000, 666 or 900-999, group not
 * 00, serial not 0000.
 *
 * <p>Written {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, the shape itself is evidence. A bare
 * nine-digit number is one only right after an {@code SSN} or {@code social security (number)}
 * label: otherwise nine digits are far more often an id, a routing number or part of a timestamp.
 */
final class UsSsnMatcher implements KindMatcher {

    private static final int MIN_DIGITS = 9;

    private static final Pattern GROUPED = Pattern.compile("(?<!\\d)(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?!\\d)");

    /** The label may be joined to the number by a separator: "ssn=123456789", "SSN #123456789". */
    private static final Pattern LABELLED = Pattern.compile("(?i)(?<![a-z0-9])"
            + "(?:ssn|social[ _-]?security(?:[ _-]?(?:number|no|nr))?)[ _:=#.-]{0,3}"
            + "(\\d{3})(\\d{2})(\\d{4})(?!\\d)");

    @Override
    public void find(String text, TextProfile profile, List<Finding> sink) {
        if (profile.digits() < MIN_DIGITS) {
            return;
        }
        Matcher grouped = GROUPED.matcher(text);
        while (grouped.find()) {
            if (Boundaries.standsAlone(text, grouped.start(), grouped.end())
                    && !Boundaries.continuesDigitGroups(text, grouped.start(), grouped.end())
                    && isIssuable(grouped.group(1), grouped.group(3), grouped.group(4))) {
                sink.add(new Finding(PersonalDataKind.US_SSN, grouped.start(), grouped.end()));
            }
        }
        Matcher labelled = LABELLED.matcher(text);
        while (labelled.find()) {
            if (!Boundaries.gluedAfter(text, labelled.end())
                    && isIssuable(labelled.group(1), labelled.group(2), labelled.group(3))) {
                sink.add(new Finding(PersonalDataKind.US_SSN, labelled.start(1), labelled.end()));
            }
        }
    }

    private static boolean isIssuable(String area, String group, String serial) {
        return !area.equals("000") && !area.equals("666") && area.charAt(0) != '9'
                && !group.equals("00") && !serial.equals("0000");
    }
}
