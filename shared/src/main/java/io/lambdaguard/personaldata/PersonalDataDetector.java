package io.lambdaguard.personaldata;

import java.util.List;

/**
 * Finds personal data in a short free-form string such as a tag key or value, a description or a
 * function name.
 *
 * <p>Implementations are thread-safe and report positions only ({@link Finding}); they never
 * include the input in a finding, a log line or an exception message.
 */
public interface PersonalDataDetector {

  /**
   * Returns the findings in {@code text}, ordered by start position; empty when there is none.
   *
   * @throws NullPointerException when {@code text} is null
   */
  List<Finding> detect(String text);
}
