package io.lambdaguard.config;

import java.util.Set;

/**
 * The id of every rule of every function of the service. Each function knows only its own rules,
 * yet the {@code DISABLED_RULES} setting and the {@code lambdaguard:exempt} tag name rules of any
 * function: an id outside this list is a typo, refused (setting) or ignored with a reason (tag),
 * never taken silently. Each function's tests check its catalogue against this list, and the
 * template's {@code DisabledRules} pattern lists the same ids.
 */
public final class RuleIds {
  /** Every rule id, whichever function runs the rule. */
  public static final Set<String> ALL =
      Set.of(
          // encryption
          "env-vars-customer-key",
          "env-vars-no-credentials",
          "log-group-customer-key",
          "log-group-data-protection",
          "versions-env-vars-customer-key",
          "xray-customer-key",
          // strip-personal-data
          "description-no-personal-data",
          "name-no-personal-data",
          "tags-no-personal-data",
          "versions-description-no-personal-data");

  private RuleIds() {}
}
