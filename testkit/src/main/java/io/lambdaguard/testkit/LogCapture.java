package io.lambdaguard.testkit;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything Log4j2 writes while open, at the configured levels (the SDK included, through SLF4J):
 * message, logger, context map and the whole exception with its messages and causes.
 */
public final class LogCapture implements AutoCloseable {
  private static final String NAME = "canary-capture";

  private final StringWriter lines = new StringWriter();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final WriterAppender appender;

  /** Starts capturing. */
  public LogCapture() {
    Configuration configuration = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName(NAME)
            .setTarget(lines)
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(configuration)
                    .withPattern("%p %c %m %X %throwable%n")
                    .build())
            .build();
    appender.start();
    configuration.addAppender(appender);
    configuration.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  /** Everything written so far, one line per event (plus stack traces). */
  public String text() {
    return lines.toString();
  }

  @Override
  public void close() {
    Configuration configuration = context.getConfiguration();
    configuration.getRootLogger().removeAppender(NAME);
    context.updateLoggers();
    appender.stop();
  }
}
