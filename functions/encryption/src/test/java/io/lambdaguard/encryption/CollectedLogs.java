package io.lambdaguard.encryption;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Every log record the service writes while open: message, context fields and thrown class. */
final class CollectedLogs extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private CollectedLogs() {
    super("collected-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
  }

  static CollectedLogs open() {
    CollectedLogs logs = new CollectedLogs();
    logs.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(logs, Level.ALL, null);
    context.updateLoggers();
    return logs;
  }

  @Override
  public void append(LogEvent event) {
    lines.add(
        event.getMessage().getFormattedMessage()
            + " "
            + event.getContextData().toMap()
            + (event.getThrown() == null ? "" : " " + event.getThrown()));
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
