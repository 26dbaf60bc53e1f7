package io.lambdaguard.remediation;

import java.util.regex.Pattern;

/**
 * Values copied from an event into logs, metrics and results (event id, event name, error code). A
 * real CloudTrail record holds short identifiers there; anything else (free text, an e-mail address
 * planted in a malformed event) is replaced, so that input can never write arbitrary text into the
 * service's output.
 */
final class EventTokens {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  static final String UNRECOGNISED = "(unrecognised)";

  private EventTokens() {}

  static String safe(String value) {
    return value != null && TOKEN.matcher(value).matches() ? value : UNRECOGNISED;
  }
}
