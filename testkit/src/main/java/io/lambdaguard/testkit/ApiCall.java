package io.lambdaguard.testkit;

/**
 * One AWS request as the emulator served it.
 *
 * @param service the signing name from the SigV4 credential scope ({@code lambda}, {@code kms}, {@code logs}, ...)
 * @param operation the API operation ({@code UpdateFunctionConfiguration}); {@code null} when it could not be resolved
 * @param method the HTTP method
 * @param path the URL-decoded request path
 */
public record ApiCall(String service, String operation, String method, String path) {}
