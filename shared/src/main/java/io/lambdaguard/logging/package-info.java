/**
 * How every function logs: Log4j2 configured in code ({@link
 * io.lambdaguard.logging.LogConfiguration}), one JSON object per line, and never a value from an
 * event or a function.
 */
package io.lambdaguard.logging;
