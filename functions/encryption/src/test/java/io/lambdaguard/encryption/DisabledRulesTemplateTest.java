package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.RuleIds;
import io.lambdaguard.testkit.CloudFormationYaml;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The stack parameter {@code DisabledRules}: CloudFormation refuses an unknown rule id at deploy
 * time (its {@code AllowedPattern} lists exactly {@link RuleIds#ALL}), and both rule functions
 * receive it as {@code DISABLED_RULES}.
 */
class DisabledRulesTemplateTest {
  private static final Map<String, Object> TEMPLATE = CloudFormationYaml.ofProject();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String... path) {
    Map<String, Object> node = parent;
    for (String key : path) {
      node = (Map<String, Object>) node.get(key);
    }
    return node;
  }

  /** The parameter's pattern, matched as CloudFormation does: against the whole value. */
  private static Pattern allowed() {
    return Pattern.compile(
        (String) map(TEMPLATE, "Parameters", "DisabledRules").get("AllowedPattern"));
  }

  @Test
  void allowedPattern_shouldListExactlyTheKnownRuleIds() {
    Matcher alternatives = Pattern.compile("\\(([a-z|-]+)\\)").matcher(allowed().pattern());
    assertTrue(alternatives.find());
    Set<String> listed =
        Arrays.stream(alternatives.group(1).split("\\|"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(RuleIds.ALL), listed);
  }

  @Test
  void allowedPattern_shouldAcceptNoneOneOrSeveralKnownIds_andRefuseAnythingElse() {
    Pattern allowed = allowed();
    assertTrue(allowed.matcher("").matches());
    for (String id : RuleIds.ALL) {
      assertTrue(allowed.matcher(id).matches(), id);
    }
    assertTrue(allowed.matcher(String.join(",", RuleIds.ALL)).matches());
    assertTrue(allowed.matcher("env-vars-customer-key, tags-no-personal-data").matches());
    for (String bad :
        new String[] {
          "env-vars-customer-kee",
          "all",
          "env-vars-customer-key,",
          ",tags-no-personal-data",
          "env-vars-customer-key;tags-no-personal-data",
          "env-vars-customer-key,unknown"
        }) {
      assertFalse(allowed.matcher(bad).matches(), bad);
    }
  }

  @Test
  void bothRuleFunctions_shouldReceiveTheParameter() {
    for (String function : new String[] {"EncryptionFunction", "StripPersonalDataFunction"}) {
      Map<String, Object> variables =
          map(TEMPLATE, "Resources", function, "Properties", "Environment", "Variables");
      assertEquals(Map.of("Ref", "DisabledRules"), variables.get("DISABLED_RULES"), function);
    }
  }
}
