package io.lambdaguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recorded event tells about the world right after its API call: the function it concerns,
 * in the state the call left it, and the customer managed keys it names. The replay recreates this
 * in the emulator before invoking.
 *
 * @param function the function to create, or null when the event names none or the call failed
 * @param customerKeyArns every {@code kMSKeyArn} the event names (request and response)
 */
record SeedPlan(FunctionSeed function, List<String> customerKeyArns) {

  /**
   * Seeds nothing: a failed call changed nothing, and an event without a function describes none.
   */
  static final SeedPlan NOTHING = new SeedPlan(null, List.of());

  /**
   * Lambda never records environment variables (CloudTrail shows {@code "environment": {}}), so a
   * function whose event has an {@code environment} key gets this stand-in: it has variables, their
   * values are unknown.
   */
  static final Map<String, String> PLACEHOLDER_ENVIRONMENT =
      Map.of("LOCAL_REPLAY_PLACEHOLDER", "1");

  /**
   * A function as an event describes it; null fields were not recorded.
   *
   * @param environment {@link #PLACEHOLDER_ENVIRONMENT} when the event shows the function has an
   *     environment, else null
   * @param tags tags the caller set ({@code requestParameters.tags}) without the reserved {@code
   *     aws:} ones
   * @param systemTags the {@code aws:} tags among them, which only AWS itself can set
   * @param tracingMode {@code tracingConfig.mode} as recorded ({@code Active}, {@code
   *     PassThrough}), or null
   * @param published the call published a version (its response's {@code version} is a number): one
   *     is published from the seeded configuration
   */
  record FunctionSeed(
      String name,
      String runtime,
      String handler,
      String roleArn,
      String description,
      Integer memorySize,
      Integer timeout,
      Map<String, String> environment,
      String kmsKeyArn,
      Logging logging,
      Map<String, String> tags,
      Map<String, String> systemTags,
      String tracingMode,
      boolean published) {}

  /** {@code loggingConfig} as recorded; null fields were not. */
  record Logging(
      String logFormat, String logGroup, String applicationLogLevel, String systemLogLevel) {}

  /**
   * The optional seed file next to an event ({@code x.json} -> {@code x.seed}): state CloudTrail
   * never records, such as environment variables, e.g. {@code {"environment": {"DATABASE_URL":
   * "postgres://u:p@db/x"}}}. Not a {@code .json} file, so that it is never taken for an event.
   */
  static Path sidecarOf(Path eventFile) {
    String name = eventFile.getFileName().toString();
    return eventFile.resolveSibling(name.replaceFirst("\\.json$", "") + ".seed");
  }

  /** This plan with the sidecar's state, when the sidecar exists. */
  SeedPlan withSidecar(Path sidecar) throws IOException {
    if (function == null || !Files.isRegularFile(sidecar)) {
      return this;
    }
    JsonNode seed = Json.MAPPER.readTree(Files.readString(sidecar));
    JsonNode environment = seed == null ? null : seed.get("environment");
    if (environment == null || !environment.isObject()) {
      throw new IllegalArgumentException("expected {\"environment\": {...}}");
    }
    Map<String, String> variables = new LinkedHashMap<>();
    environment.properties().forEach(v -> variables.put(v.getKey(), v.getValue().asText()));
    FunctionSeed f = function;
    return new SeedPlan(
        new FunctionSeed(
            f.name(),
            f.runtime(),
            f.handler(),
            f.roleArn(),
            f.description(),
            f.memorySize(),
            f.timeout(),
            Map.copyOf(variables),
            f.kmsKeyArn(),
            f.logging(),
            f.tags(),
            f.systemTags(),
            f.tracingMode(),
            f.published()),
        customerKeyArns);
  }

  static SeedPlan fromEvent(JsonNode event) {
    JsonNode detail = Json.object(event, "detail");
    if (detail == null || detail.hasNonNull("errorCode")) {
      return NOTHING;
    }
    String name = functionName(event);
    if (name == null) {
      return NOTHING;
    }
    JsonNode request = Json.object(detail, "requestParameters");
    JsonNode response = Json.object(detail, "responseElements");
    // The response is the configuration after the call; without one, the request is the best
    // description.
    JsonNode state = response != null ? response : request;

    Set<String> keys = new LinkedHashSet<>();
    for (JsonNode part : new JsonNode[] {request, response}) {
      String key = Json.text(part, "kMSKeyArn");
      if (key != null) {
        keys.add(key);
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, String> systemTags = new LinkedHashMap<>();
    JsonNode requestedTags = Json.object(request, "tags");
    if (requestedTags != null) {
      requestedTags
          .properties()
          .forEach(
              tag ->
                  (tag.getKey().startsWith("aws:") ? systemTags : tags)
                      .put(tag.getKey(), tag.getValue().asText()));
    }
    FunctionSeed function =
        new FunctionSeed(
            name,
            Json.text(state, "runtime"),
            Json.text(state, "handler"),
            Json.text(state, "role"),
            Json.text(state, "description"),
            integer(state, "memorySize"),
            integer(state, "timeout"),
            state != null && state.has("environment") ? PLACEHOLDER_ENVIRONMENT : null,
            Json.text(state, "kMSKeyArn"),
            logging(Json.object(state, "loggingConfig")),
            Map.copyOf(tags),
            Map.copyOf(systemTags),
            Json.text(state, "tracingConfig", "mode"),
            response != null && String.valueOf(Json.text(response, "version")).matches("\\d+"));
    return new SeedPlan(function, List.copyOf(keys));
  }

  /**
   * The name of the function an event is about, from {@code responseElements.functionName}, {@code
   * requestParameters.functionName} (a name or an ARN) or {@code requestParameters.resource} (an
   * ARN); null when it names none. Also for failed calls: the state read back afterwards is that
   * function's.
   */
  static String functionName(JsonNode event) {
    JsonNode detail = Json.object(event, "detail");
    for (String[] path :
        new String[][] {
          {"responseElements", "functionName"},
          {"requestParameters", "functionName"},
          {"requestParameters", "resource"}
        }) {
      String value = Json.text(detail, path);
      if (value != null) {
        return nameFromNameOrArn(value);
      }
    }
    return null;
  }

  /**
   * {@code my-fn}, {@code arn:aws:lambda:us-east-1:123456789012:function:my-fn[:qualifier]} or
   * {@code 123456789012:function:my-fn} give {@code my-fn}.
   */
  static String nameFromNameOrArn(String nameOrArn) {
    int marker = nameOrArn.indexOf("function:");
    if (marker < 0) {
      return nameOrArn;
    }
    String rest = nameOrArn.substring(marker + "function:".length());
    int qualifier = rest.indexOf(':');
    return qualifier < 0 ? rest : rest.substring(0, qualifier);
  }

  private static Logging logging(JsonNode config) {
    return config == null
        ? null
        : new Logging(
            Json.text(config, "logFormat"),
            Json.text(config, "logGroup"),
            Json.text(config, "applicationLogLevel"),
            Json.text(config, "systemLogLevel"));
  }

  private static Integer integer(JsonNode node, String field) {
    return node != null && node.path(field).canConvertToInt() && node.path(field).isNumber()
        ? node.path(field).asInt()
        : null;
  }
}
