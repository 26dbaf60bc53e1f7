package io.lambdaguard.config;

import java.util.Locale;

/** What the tag rule does with a tag whose value holds personal data. */
public enum TagAction {
  /** Remove the tag (default): nothing of the value survives. */
  REMOVE,
  /** Keep the tag, rewrite only the matched spans of its value as {@code redacted:<kind>}. */
  REDACT;

  static TagAction parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "remove" -> REMOVE;
      case "redact" -> REDACT;
      default ->
          throw new ConfigException(
              EnvironmentVariables.TAG_ACTION, "must be 'remove' or 'redact'");
    };
  }
}
