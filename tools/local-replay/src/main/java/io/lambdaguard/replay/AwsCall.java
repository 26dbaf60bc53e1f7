package io.lambdaguard.replay;

/**
 * One AWS API call a function made during its invocation, as the emulator recorded it.
 *
 * @param service the signing name ({@code lambda}, {@code kms}, ...)
 * @param operation the API operation ({@code GetFunction}); null when the emulator could not tell
 * @param write whether the operation changes state
 */
public record AwsCall(String service, String operation, boolean write) {
  @Override
  public String toString() {
    return service + ":" + (operation == null ? "?" : operation);
  }
}
