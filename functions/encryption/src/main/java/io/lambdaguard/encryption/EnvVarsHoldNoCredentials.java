package io.lambdaguard.encryption;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Environment variables hold no credentials: no URL with embedded credentials ({@code
 * scheme://user:secret@host}) and no well-known secret format (AWS secret access key next to its
 * key id, private key block, GitHub, GitLab, npm, Slack tokens and webhook URLs, Stripe live,
 * Google, OpenAI and SendGrid API keys, Azure storage account keys, HTTP Basic credentials in a URL
 * query, JSON Web Tokens). Values are read literally, as Lambda passes them: {@code $NAME} is never
 * expanded, so {@code Password=$ecret;} is a password. Anyone allowed to read the function's
 * configuration can read its variables.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration}.
 *   <li>Check: every variable value, by shape ({@link CredentialFormats}).
 *   <li>Fix: none, a ticket per variable: only the owner can rotate the credential and move it to a
 *       secret store. The ticket names the variable and the kind of credential, never the value.
 *   <li>Permissions: {@code kms:Decrypt}: {@code GetFunction} returns the variables decrypted only
 *       to callers allowed to decrypt them with the function's key; variables it cannot decrypt are
 *       {@code unverifiable}, with one ticket.
 *   <li>Sample: {@code events/lambda/create_function_with_credentials_in_url.json}.
 * </ul>
 */
public final class EnvVarsHoldNoCredentials implements TicketOnlyRule {
  public static final String ID = "env-vars-no-credentials";

  @Inject
  public EnvVarsHoldNoCredentials() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(LambdaOperation.CREATE_FUNCTION, LambdaOperation.UPDATE_FUNCTION_CONFIGURATION);
  }

  @Override
  public Set<String> permissions() {
    return Set.of("kms:Decrypt");
  }

  @Override
  public Severity severity() {
    return Severity.HIGH;
  }

  @Override
  public Category category() {
    return Category.CREDENTIALS;
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    if (function.environmentError().isPresent()) {
      // What cannot be checked is never compliant.
      return new Verdict.Unverifiable(
          "environment variables not checked: this service may not decrypt them ("
              + function.environmentError().get()
              + ")",
          List.of(
              FixStep.withCommand(
                  "Let this service's encryption role decrypt the function's variables through Lambda: allow it "
                      + "kms:Decrypt in the key policy of the function's key, with the condition kms:ViaService "
                      + "lambda.<region>.amazonaws.com, or encrypt the variables with the key this service is configured with.",
                  "aws lambda get-function-configuration --function-name "
                      + function.arn()
                      + " --query '{Key: KMSKeyArn, Error: Environment.Error.ErrorCode}'")));
    }
    Map<String, List<String>> found = CredentialFormats.scan(function.environment());
    if (found.isEmpty()) {
      return new Verdict.Compliant("no credentials in environment variables");
    }
    List<Evidence> evidence =
        found.entrySet().stream()
            .map(
                v ->
                    new Evidence(
                        v.getKey(),
                        "environment variable "
                            + v.getKey()
                            + " holds "
                            + String.join(" and ", v.getValue())))
            .toList();
    return new Verdict.NonCompliant(
        "credentials in environment variables " + String.join(", ", found.keySet()), evidence);
  }

  @Override
  public String whyNoAutomaticFix() {
    return "no automatic fix: only the owner can rotate the credential and move it into a secret store";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String variable) {
    String arn = function.arn();
    return List.of(
        FixStep.of(
            "Rotate the credential in "
                + variable
                + " at its issuer: everyone allowed to read this function's "
                + "configuration (lambda:GetFunction) could read it."),
        FixStep.withCommand(
            "Store the new credential in AWS Secrets Manager.",
            "aws secretsmanager create-secret --name "
                + function.name()
                + "/"
                + variable
                + " --secret-string file://new-secret.txt"),
        FixStep.of(
            "Let the function's execution role read it (secretsmanager:GetSecretValue on that secret) and read it at "
                + "run time, for example with the AWS Parameters and Secrets Lambda Extension."),
        FixStep.withCommand(
            "Remove "
                + variable
                + " from the function's environment: save the variables, delete "
                + variable
                + " from env.json, update the function, then delete env.json (it holds the other values).",
            "aws lambda get-function-configuration --function-name "
                + arn
                + " --query '{Variables: Environment.Variables}' > env.json\n"
                + "aws lambda update-function-configuration --function-name "
                + arn
                + " --environment file://env.json"),
        FixStep.withCommand(
            "Published versions keep their variables: delete those that hold the old credential.",
            "aws lambda list-versions-by-function --function-name "
                + arn
                + " --query 'Versions[].Version'"));
  }
}
