package io.lambdaguard.replay;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * An emulator (or any AWS-compatible endpoint) the user runs. It is never reset, and seeded only
 * when asked: with {@code --seed} the configured key is created once and each event's function is
 * recreated before its invocation.
 */
final class ExistingEndpoint implements AwsBackend {

  /**
   * The tag LocalStack honours to give a new key a chosen id; emulators that ignore it choose the
   * id themselves.
   */
  private static final String CUSTOM_KEY_ID_TAG = "_custom_key_id_";

  private final URI endpoint;
  private final AwsTarget target;
  private final AwsClients aws;
  private final EmulatorSeeder seeder;
  private final Map<String, String> keys = new HashMap<>();
  private final String seededKeyArn;

  /**
   * @param seed whether to seed the endpoint at all
   * @param nominalKeyArn the configured key as recorded events name it, to create once; null to
   *     create none
   */
  ExistingEndpoint(URI endpoint, AwsTarget target, boolean seed, String nominalKeyArn) {
    this.endpoint = endpoint;
    this.target = target;
    this.aws = new AwsClients(target, endpoint, EmulatorCredentials.PROVIDER);
    // Only the embedded moto has a way to set aws: tags; events that carry some fail to seed here.
    this.seeder = seed ? new EmulatorSeeder(aws, target, this::createKey, null) : null;
    if (seed && nominalKeyArn != null) {
      try {
        keys.put(nominalKeyArn, createKey(EmulatorSeeder.keyId(nominalKeyArn)));
      } catch (RuntimeException e) {
        aws.close();
        throw new ReplaySetupException(
            "cannot create the configured key at " + endpoint + ": " + e.getMessage(), e);
      }
    }
    this.seededKeyArn = keys.get(nominalKeyArn);
  }

  /**
   * CreateKey asking for {@code keyId}; returns the ARN the endpoint gave the key, whatever its id.
   */
  private String createKey(String keyId) {
    return aws.kms
        .createKey(
            create ->
                create
                    .description("local-replay seed")
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .tags(Tag.builder().tagKey(CUSTOM_KEY_ID_TAG).tagValue(keyId).build()))
        .keyMetadata()
        .arn();
  }

  @Override
  public String description() {
    return "endpoint " + endpoint + (seeder == null ? " (not seeded)" : " (seeded)");
  }

  @Override
  public AwsTarget target() {
    return target;
  }

  @Override
  public Map<String, String> functionEnvironment() {
    return EmulatorCredentials.functionEnvironment(endpoint);
  }

  @Override
  public String seededKeyArn() {
    return seededKeyArn;
  }

  @Override
  public void prepare(SeedPlan plan) {
    if (seeder != null) {
      seeder.seed(plan, keys);
    }
  }

  @Override
  public FunctionState readState(String functionName) {
    try {
      return aws.readState(functionName);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    aws.close();
  }
}
