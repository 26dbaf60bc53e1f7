package io.lambdaguard.rules;

import io.lambdaguard.events.LambdaOperation;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules one function runs, in id order; rejects duplicate ids and rules without permissions. */
public final class RuleCatalogue {
  private final List<Rule> rules;

  @Inject
  public RuleCatalogue(Set<Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id: " + rule.id());
      }
      if (rule.triggers().isEmpty() || rule.permissions().isEmpty()) {
        throw new IllegalArgumentException("rule must declare triggers and permissions: " + rule.id());
      }
    }
    this.rules = rules.stream().sorted(Comparator.comparing(Rule::id)).toList();
  }

  /** All rules, in id order. */
  public List<Rule> all() {
    return rules;
  }

  /**
   * The rules woken by this operation. A function's sweep message wakes every rule but the account-level ones, which
   * the run's account-level message wakes, once per run; an account-level operation wakes only account-level rules.
   */
  public List<Rule> triggeredBy(LambdaOperation operation) {
    return switch (operation) {
      case SWEEP -> rules.stream().filter(r -> !(r instanceof AccountRule)).toList();
      case SWEEP_ACCOUNT -> rules.stream().filter(r -> r instanceof AccountRule).toList();
      default -> rules.stream()
          .filter(r -> r.triggers().contains(operation) && (r instanceof AccountRule || !operation.accountLevel()))
          .toList();
    };
  }
}
