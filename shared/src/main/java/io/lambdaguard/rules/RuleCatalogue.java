package io.lambdaguard.rules;

import io.lambdaguard.config.Config;
import io.lambdaguard.config.EnvironmentVariables;
import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.LambdaOperation;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The rules one function runs, in id order, without those {@code DISABLED_RULES} switches off;
 * rejects duplicate ids and rules without permissions.
 */
public final class RuleCatalogue {
  private static final Logger LOG = LogManager.getLogger(RuleCatalogue.class);

  private final List<Rule> rules;

  /**
   * The function's rules less the disabled ones, which then make no call and produce no outcome.
   */
  @Inject
  public RuleCatalogue(Set<Rule> rules, Config config) {
    this(
        rules.stream()
            .filter(rule -> !config.disabledRules().contains(rule.id()))
            .collect(Collectors.toSet()));
    List<String> off =
        rules.stream().map(Rule::id).filter(config.disabledRules()::contains).sorted().toList();
    if (!off.isEmpty()) {
      LOG.info("rules switched off by {}: {}", EnvironmentVariables.DISABLED_RULES, off);
    }
  }

  /**
   * Only through the injected constructor: a catalogue never skips the {@code DISABLED_RULES}
   * setting.
   */
  private RuleCatalogue(Set<Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id: " + rule.id());
      }
      if (rule.triggers().isEmpty() || rule.permissions().isEmpty()) {
        throw new IllegalArgumentException(
            "rule must declare triggers and permissions: " + rule.id());
      }
    }
    this.rules = rules.stream().sorted(Comparator.comparing(Rule::id)).toList();
  }

  /** All rules, in id order. */
  public List<Rule> all() {
    return rules;
  }

  /**
   * The rules woken by this operation. A function's sweep message wakes every rule but the
   * account-level ones, which the run's account-level message wakes, once per run; an account-level
   * operation wakes only account-level rules.
   */
  public List<Rule> triggeredBy(LambdaOperation operation) {
    return switch (operation) {
      case SWEEP -> rules.stream().filter(r -> !(r instanceof AccountRule)).toList();
      case SWEEP_ACCOUNT -> rules.stream().filter(r -> r instanceof AccountRule).toList();
      default ->
          rules.stream()
              .filter(
                  r ->
                      r.triggers().contains(operation)
                          && (r instanceof AccountRule || !operation.accountLevel()))
              .toList();
    };
  }

  /**
   * The rules woken by this event: by its operation, and a call that published a version also wakes
   * PublishVersion's.
   */
  public List<Rule> triggeredBy(CloudTrailEvent event) {
    if (!event.publishedVersion()) {
      return triggeredBy(event.operation());
    }
    return rules.stream()
        .filter(
            r ->
                r.triggers().contains(event.operation())
                    || r.triggers().contains(LambdaOperation.PUBLISH_VERSION))
        .toList();
  }
}
