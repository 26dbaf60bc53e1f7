package io.lambdaguard.replay;

import java.util.Map;

/**
 * A function's configuration as read back from AWS (or the emulator) after the invocation.
 *
 * @param exists    false when GetFunction found no such function
 * @param kmsKeyArn the key encrypting its environment variables; null for the AWS managed key {@code aws/lambda}
 */
public record FunctionState(String functionName, boolean exists, String kmsKeyArn, Map<String, String> tags) {

    static FunctionState absent(String functionName) {
        return new FunctionState(functionName, false, null, Map.of());
    }

    /** {@code KMSKeyArn=…key/0b3c8f4e tags=2}, or {@code absent}. */
    public String summary() {
        if (!exists) {
            return "absent";
        }
        String key = kmsKeyArn == null ? "-" : "…" + shortKey(kmsKeyArn);
        return "KMSKeyArn=" + key + " tags=" + tags.size();
    }

    private static String shortKey(String arn) {
        int slash = arn.lastIndexOf('/');
        String id = slash < 0 ? arn : arn.substring(slash + 1);
        String prefix = slash < 0 ? "" : arn.substring(arn.lastIndexOf(':', slash) + 1, slash + 1);
        return prefix + (id.length() > 8 ? id.substring(0, 8) : id);
    }
}
