package io.lambdaguard.replay;

import io.lambdaguard.replay.SeedPlan.FunctionSeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Creates in an emulator what a {@link SeedPlan} describes: keys, the function's role and the function itself.
 *
 * <p>Keys are requested with the event's key id through the {@code _custom_key_id_} tag. Emulators that ignore the
 * tag (moto 5.2 does) give the key an id of their own; the function then gets that key instead, so that the event's
 * key and the emulator's are the same key as far as the handler can tell.
 */
final class EmulatorSeeder {

    /** The tag LocalStack honours (and moto ignores) to give a new key a chosen id. */
    static final String CUSTOM_KEY_ID_TAG = "_custom_key_id_";

    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/((?:.*/)?)([^/]+)");
    private static final String DEFAULT_ROLE_NAME = "local-replay-function-role";
    private static final String DEFAULT_RUNTIME = "java21";
    private static final String DEFAULT_HANDLER = "example.Handler::handleRequest";
    private static final String LAMBDA_TRUST_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final byte[] PLACEHOLDER_CODE = placeholderZip();

    private final AwsClients aws;
    private final AwsTarget target;
    private final BiConsumer<String, Map<String, String>> systemTagSetter;

    /** @param systemTagSetter sets {@code aws:} tags, which no user API may; null when the emulator offers no way */
    EmulatorSeeder(AwsClients aws, AwsTarget target, BiConsumer<String, Map<String, String>> systemTagSetter) {
        this.aws = aws;
        this.target = target;
        this.systemTagSetter = systemTagSetter;
    }

    /** Creates a symmetric customer managed key, asking for {@code keyId}; returns the ARN the emulator gave it. */
    String createKey(String keyId, String description) {
        // Usage and spec spelled out: they are AWS's defaults, but moto 5.2 leaves KeyUsage empty without them.
        return aws.kms.createKey(create -> create.description(description)
                        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                        .tags(Tag.builder().tagKey(CUSTOM_KEY_ID_TAG).tagValue(keyId).build()))
                .keyMetadata().arn();
    }

    /**
     * Seeds the plan.
     *
     * @param keys key ARNs as events name them, mapped to the emulator's ARN of the same key (the configured key at
     *             least); keys this creates are added
     */
    void seed(SeedPlan plan, Map<String, String> keys) {
        for (String keyArn : plan.customerKeyArns()) {
            keys.computeIfAbsent(keyArn, arn -> createKey(keyId(arn), "local-replay: key named by the event"));
        }
        FunctionSeed function = plan.function();
        if (function == null) {
            return;
        }
        String role = ensureRole(function.roleArn());
        try {
            // An emulator that is not reset between events may still hold the function from an earlier one.
            aws.lambda.deleteFunction(delete -> delete.functionName(function.name()));
        } catch (ResourceNotFoundException expected) {
            // the usual case
        }
        String functionArn = aws.lambda.createFunction(create -> create
                .functionName(function.name())
                .role(role)
                .code(code -> code.zipFile(SdkBytes.fromByteArray(PLACEHOLDER_CODE)))
                .runtime(orDefault(function.runtime(), DEFAULT_RUNTIME))
                .handler(orDefault(function.handler(), DEFAULT_HANDLER))
                .description(function.description())
                .memorySize(function.memorySize())
                .timeout(function.timeout())
                .environment(function.environment() == null ? null
                        : Environment.builder().variables(function.environment()).build())
                .kmsKeyArn(function.kmsKeyArn() == null ? null : keys.get(function.kmsKeyArn()))
                .tags(function.tags().isEmpty() ? null : function.tags()))
                .functionArn();
        if (!function.systemTags().isEmpty()) {
            if (systemTagSetter == null) {
                throw new ReplaySetupException("the event sets aws: tags, which only the embedded emulator can seed");
            }
            systemTagSetter.accept(functionArn, function.systemTags());
        }
    }

    /** The role as the event names it, created if needed; a default role when the event names none of this account. */
    private String ensureRole(String roleArn) {
        Matcher matcher = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
        boolean usable = matcher != null && matcher.matches() && matcher.group(1).equals(target.accountId());
        String path = usable ? "/" + matcher.group(2) : "/";
        String name = usable ? matcher.group(3) : DEFAULT_ROLE_NAME;
        try {
            return aws.iam.createRole(create -> create.roleName(name).path(path)
                    .assumeRolePolicyDocument(LAMBDA_TRUST_POLICY)).role().arn();
        } catch (EntityAlreadyExistsException e) {
            return aws.iam.getRole(get -> get.roleName(name)).role().arn();
        }
    }

    /** The key id of {@code arn:aws:kms:<region>:<account>:key/<id>}; anything else is taken as the id itself. */
    static String keyId(String keyArn) {
        int marker = keyArn.lastIndexOf(":key/");
        return marker < 0 ? keyArn : keyArn.substring(marker + ":key/".length());
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** A deployment package the emulator stores and never runs: the replay runs the real code itself. */
    private static byte[] placeholderZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("Seeded by local-replay; the code of recorded functions is never recorded.\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
