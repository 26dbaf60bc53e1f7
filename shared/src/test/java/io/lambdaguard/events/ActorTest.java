package io.lambdaguard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActorTest {

  @Test
  void assumedRoleArnWithoutSessionIssuer_shouldYieldTheRole() {
    // given
    Actor actor =
        new Actor(
            "AssumedRole",
            Optional.of("arn:aws:sts::123456789012:assumed-role/EncryptionRole/session"),
            Optional.empty());
    // when / then
    assertEquals(Optional.of("arn:aws:iam::123456789012:role/EncryptionRole"), actor.roleArn());
  }

  @Test
  void assumedRoleArnOutsideTheAwsPartition_shouldYieldTheRoleInItsPartition() {
    Actor actor =
        new Actor(
            "AssumedRole",
            Optional.of("arn:aws-us-gov:sts::123456789012:assumed-role/EncryptionRole/s"),
            Optional.empty());
    assertEquals(
        Optional.of("arn:aws-us-gov:iam::123456789012:role/EncryptionRole"), actor.roleArn());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:sts::assumed-role/EncryptionRole",
        "arn:assumed-role/x/y",
        "arn:aws:sts::123456789012:assumed-role/"
      })
  void malformedAssumedRoleArn_shouldYieldNoRoleInsteadOfFailing(String arn) {
    // given
    Actor actor = new Actor("AssumedRole", Optional.of(arn), Optional.empty());
    // when / then
    assertEquals(Optional.empty(), actor.roleArn());
  }
}
