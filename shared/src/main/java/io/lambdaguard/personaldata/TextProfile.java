package io.lambdaguard.personaldata;

/**
 * What one pass over a string learns that lets matchers skip it cheaply: most tag values have
 * neither an {@code @} nor enough digits for any numeric kind.
 *
 * @param digits how many ASCII digits the string has
 * @param hasAt  whether it has an {@code @}
 */
record TextProfile(int digits, boolean hasAt) {

    static TextProfile of(String text) {
        int digits = 0;
        boolean hasAt = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '@') {
                hasAt = true;
            }
        }
        return new TextProfile(digits, hasAt);
    }
}
