package io.lambdaguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * Routes an event to the functions whose EventBridge patterns match it, with the matcher
 * EventBridge itself uses.
 */
final class EventRouter {

  private final Machine machine = Machine.builder().build();
  private final List<FunctionDefinition> functions;

  EventRouter(List<FunctionDefinition> functions) {
    this.functions = List.copyOf(functions);
    for (FunctionDefinition function : functions) {
      for (String pattern : function.eventPatterns()) {
        try {
          // Several patterns under one rule name match when any of them does, like several rules
          // with one target.
          machine.addRule(function.logicalId(), pattern);
        } catch (IOException | RuntimeException e) {
          throw new TemplateException(
              function.logicalId()
                  + ": EventBridge would reject the pattern "
                  + pattern
                  + ": "
                  + e.getMessage());
        }
      }
    }
  }

  /** The functions an event goes to, in template order; empty when nothing matches. */
  /** The template's function of that logical id; null when it has none. */
  FunctionDefinition function(String logicalId) {
    return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst().orElse(null);
  }

  List<FunctionDefinition> route(JsonNode event) {
    List<String> matched = machine.rulesForJSONEvent(event);
    return functions.stream().filter(function -> matched.contains(function.logicalId())).toList();
  }
}
