package io.lambdaguard.replay;

import io.lambdaguard.replay.SeedPlan.FunctionSeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TracingConfig;

/**
 * Creates in an emulator what a {@link SeedPlan} describes: keys, the function's role and the
 * function itself.
 */
final class EmulatorSeeder {

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/((?:.*/)?)([^/]+)");
  private static final String DEFAULT_ROLE_NAME = "local-replay-function-role";
  private static final String DEFAULT_RUNTIME = "java21";
  private static final String DEFAULT_HANDLER = "example.Handler::handleRequest";
  private static final String LAMBDA_TRUST_POLICY =
      """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
            "Action":"sts:AssumeRole"}]}""";
  private static final byte[] PLACEHOLDER_CODE = placeholderZip();

  private final AwsClients aws;
  private final AwsTarget target;
  private final UnaryOperator<String> keyCreator;
  private final BiConsumer<String, Map<String, String>> systemTagSetter;

  /**
   * @param keyCreator creates a symmetric customer managed key, asking for the given key id, and
   *     returns the ARN the emulator gave it
   * @param systemTagSetter sets {@code aws:} tags, which no user API may; null when the emulator
   *     offers no way
   */
  EmulatorSeeder(
      AwsClients aws,
      AwsTarget target,
      UnaryOperator<String> keyCreator,
      BiConsumer<String, Map<String, String>> systemTagSetter) {
    this.aws = aws;
    this.target = target;
    this.keyCreator = keyCreator;
    this.systemTagSetter = systemTagSetter;
  }

  /**
   * Seeds the plan.
   *
   * @param keys key ARNs as events name them, mapped to the emulator's ARN of the same key (the two
   *     differ when the emulator does not honour requested ids); keys this creates are added
   */
  void seed(SeedPlan plan, Map<String, String> keys) {
    for (String keyArn : plan.customerKeyArns()) {
      keys.computeIfAbsent(keyArn, arn -> keyCreator.apply(keyId(arn)));
    }
    FunctionSeed function = plan.function();
    if (function == null) {
      return;
    }
    String role = ensureRole(function.roleArn());
    try {
      // An emulator that is not reset between events may still hold the function from an earlier
      // one.
      aws.lambda.deleteFunction(delete -> delete.functionName(function.name()));
    } catch (ResourceNotFoundException expected) {
      // the usual case
    }
    String functionArn =
        aws.lambda
            .createFunction(
                create ->
                    create
                        .functionName(function.name())
                        .role(role)
                        .code(code -> code.zipFile(SdkBytes.fromByteArray(PLACEHOLDER_CODE)))
                        .runtime(orDefault(function.runtime(), DEFAULT_RUNTIME))
                        .handler(orDefault(function.handler(), DEFAULT_HANDLER))
                        .description(function.description())
                        .memorySize(function.memorySize())
                        .timeout(function.timeout())
                        .environment(
                            function.environment() == null
                                ? null
                                : Environment.builder().variables(function.environment()).build())
                        .kmsKeyArn(
                            function.kmsKeyArn() == null ? null : keys.get(function.kmsKeyArn()))
                        .loggingConfig(loggingConfig(function.logging()))
                        .tracingConfig(
                            function.tracingMode() == null
                                ? null
                                : TracingConfig.builder().mode(function.tracingMode()).build())
                        .tags(function.tags().isEmpty() ? null : function.tags())
                        .publish(function.published()))
            .functionArn();
    if (!function.systemTags().isEmpty()) {
      if (systemTagSetter == null) {
        throw new ReplaySetupException(
            "the event sets aws: tags, which only the embedded emulator can seed");
      }
      systemTagSetter.accept(functionArn, function.systemTags());
    }
  }

  private static LoggingConfig loggingConfig(SeedPlan.Logging logging) {
    if (logging == null) {
      return null;
    }
    return LoggingConfig.builder()
        .logFormat(logging.logFormat())
        .logGroup(logging.logGroup())
        .applicationLogLevel(logging.applicationLogLevel())
        .systemLogLevel(logging.systemLogLevel())
        .build();
  }

  /**
   * The role as the event names it, created if needed; a default role when the event names none of
   * this account.
   */
  private String ensureRole(String roleArn) {
    Matcher matcher = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
    boolean usable =
        matcher != null && matcher.matches() && matcher.group(1).equals(target.accountId());
    String path = usable ? "/" + matcher.group(2) : "/";
    String name = usable ? matcher.group(3) : DEFAULT_ROLE_NAME;
    try {
      return aws.iam
          .createRole(
              create ->
                  create.roleName(name).path(path).assumeRolePolicyDocument(LAMBDA_TRUST_POLICY))
          .role()
          .arn();
    } catch (EntityAlreadyExistsException e) {
      return aws.iam.getRole(get -> get.roleName(name)).role().arn();
    }
  }

  /**
   * The key id of {@code arn:aws:kms:<region>:<account>:key/<id>}; anything else is taken as the id
   * itself.
   */
  static String keyId(String keyArn) {
    int marker = keyArn.lastIndexOf(":key/");
    return marker < 0 ? keyArn : keyArn.substring(marker + ":key/".length());
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /**
   * A deployment package the emulator stores and never runs: the replay runs the real code itself.
   */
  static byte[] placeholderZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write(
          "Seeded by local-replay; the code of recorded functions is never recorded.\n"
              .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
