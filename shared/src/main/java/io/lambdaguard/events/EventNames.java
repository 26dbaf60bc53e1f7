package io.lambdaguard.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a CloudTrail event name into the API name and its version suffix. */
final class EventNames {
  // Suffixes seen: 20150331, 20150331v2, 20141111, 20170331v2, 20171031, 20211031.
  private static final Pattern VERSIONED = Pattern.compile("^([A-Za-z]+?)(\\d{8}(?:v\\d+)?)$");

  private EventNames() {}

  static String apiName(String eventName) {
    Matcher m = VERSIONED.matcher(eventName);
    return m.matches() ? m.group(1) : eventName;
  }

  static String apiVersion(String eventName) {
    Matcher m = VERSIONED.matcher(eventName);
    return m.matches() ? m.group(2) : "";
  }
}
