package io.lambdaguard.logging;

import java.net.URI;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * The Log4j2 configuration of every function, built in code: one JSON object per line on stdout
 * (which Lambda ships to CloudWatch Logs) in the {@code LambdaGuardLayout.json} template, the SDK
 * at WARN, everything else at {@code LOG_LEVEL} (default INFO). Building it skips finding, parsing
 * and interpreting a configuration file, which shortens every cold start (README, Benchmarks).
 */
public final class LogConfiguration extends AbstractConfiguration {
  static final String LAYOUT = "classpath:LambdaGuardLayout.json";
  static final String LEVEL_VARIABLE = "LOG_LEVEL";

  LogConfiguration(LoggerContext context) {
    super(context, ConfigurationSource.NULL_SOURCE);
    setName("lambdaguard");
  }

  @Override
  protected void doConfigure() {
    Appender stdout =
        ConsoleAppender.newBuilder()
            .setName("stdout")
            .setTarget(ConsoleAppender.Target.SYSTEM_OUT)
            .setLayout(
                JsonTemplateLayout.newBuilder()
                    .setConfiguration(this)
                    .setEventTemplateUri(LAYOUT)
                    .build())
            .setConfiguration(this)
            .build();
    stdout.start();
    addAppender(stdout);
    LoggerConfig root = getRootLogger();
    // Log4j creates this configuration itself, before any of our code runs: the environment is read
    // here.
    root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
    root.addAppender(stdout, null, null);
    addLogger(
        "software.amazon.awssdk",
        LoggerConfig.newBuilder()
            .withLoggerName("software.amazon.awssdk")
            .withLevel(Level.WARN)
            .withConfig(this)
            .build());
  }

  /**
   * Named in {@code log4j2.component.properties}, so Log4j2 asks it first and looks for no file.
   */
  public static final class Factory extends ConfigurationFactory {
    @Override
    protected String[] getSupportedTypes() {
      return new String[] {"*"};
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
      return new LogConfiguration(context);
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, String name, URI location) {
      return new LogConfiguration(context);
    }
  }
}
