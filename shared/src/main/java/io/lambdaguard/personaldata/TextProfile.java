package io.lambdaguard.personaldata;

/**
 * What the pass that builds a string's {@link NormalisedText} learns that lets matchers skip it cheaply: most tag values have
 * neither an {@code @} nor enough digits for any numeric kind.
 *
 * @param digits how many ASCII digits the view has
 * @param hasAt  whether it has an {@code @}
 */
record TextProfile(int digits, boolean hasAt) {
}
