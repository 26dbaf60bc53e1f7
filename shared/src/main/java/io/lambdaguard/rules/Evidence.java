package io.lambdaguard.rules;

/**
 * One offending item a rule found: the key it sits under and what kind of data it holds, never the
 * data.
 *
 * @param key the variable name or tag key; it identifies the finding's ticket
 * @param found one clause for the ticket, e.g. {@code environment variable DB_URL holds a URL with
 *     embedded credentials}
 */
public record Evidence(String key, String found) {}
