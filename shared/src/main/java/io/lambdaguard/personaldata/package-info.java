/**
 * Finds personal data in short free-form strings (tag keys and values, descriptions, function
 * names) and rewrites only the spans it finds.
 *
 * <p>Entry points: {@link io.lambdaguard.personaldata.RuleBasedDetector} (local patterns confirmed
 * by checksums and validators), {@link io.lambdaguard.personaldata.CompositeDetector} (to add
 * other detectors behind the same interface) and {@link io.lambdaguard.personaldata.Redaction}.
 * Findings carry positions, never text, so that nothing in this package can put a value into a
 * log line, a ticket, a metric or an exception message.
 */
package io.lambdaguard.personaldata;
