package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;

/** Patch lambda_logging_config. */
class LambdaLoggingConfigTest extends MotoTest {

  private LoggingConfig loggingConfig(String name) {
    return aws.lambda.getFunction(get -> get.functionName(name)).configuration().loggingConfig();
  }

  @Test
  void newFunction_shouldLogAsTextToItsDefaultGroup() {
    aws.createFunction("fn");

    LoggingConfig config = loggingConfig("fn");
    assertEquals("Text", config.logFormatAsString());
    assertEquals("/aws/lambda/fn", config.logGroup());
  }

  @Test
  void createFunction_withLoggingConfig_shouldKeepIt() {
    aws.createFunction(
        "fn", create -> create.loggingConfig(l -> l.logFormat("JSON").logGroup("/platform/fn")));

    LoggingConfig config = loggingConfig("fn");
    assertEquals("JSON", config.logFormatAsString());
    assertEquals("/platform/fn", config.logGroup());
  }

  @Test
  void updateFunctionConfiguration_logGroup_shouldChangeOnlyThatField() {
    aws.createFunction("fn", create -> create.loggingConfig(l -> l.logFormat("JSON")));

    aws.lambda.updateFunctionConfiguration(
        update -> update.functionName("fn").loggingConfig(l -> l.logGroup("/shared/logs")));

    LoggingConfig config = loggingConfig("fn");
    assertEquals("/shared/logs", config.logGroup());
    assertEquals("JSON", config.logFormatAsString());
    assertEquals(
        config, aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).loggingConfig());
  }
}
