package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class MotoServerTest {

  @Test
  void started_shouldServeAwsRequestsOnLoopbackPort() {
    try (MotoServer moto = MotoServer.start();
        Aws aws = new Aws(moto)) {
      assertEquals("http://127.0.0.1:" + moto.port(), moto.endpoint().toString());
      assertEquals(MotoServer.ACCOUNT, aws.executionRole("r").split(":")[4]);
      assertTrue(Files.exists(moto.logFile()), "output goes to " + moto.logFile());
    }
  }

  @Test
  void pythonMissing_shouldFailNamingTheInstallCommand() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> MotoServer.start("/nonexistent/python3"));

    assertTrue(failure.getMessage().contains("pip install \"moto[server]\""), failure.getMessage());
    assertTrue(failure.getMessage().contains(MotoServer.PYTHON_ENV), failure.getMessage());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void motoMissing_shouldFailNamingTheInstallCommand(@TempDir Path dir) throws IOException {
    // A Python without site-packages is a Python without moto.
    Path bare = dir.resolve("python-without-moto");
    Files.writeString(bare, "#!/bin/sh\nexec python3 -S \"$@\"\n");
    Files.setPosixFilePermissions(bare, PosixFilePermissions.fromString("rwx------"));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> MotoServer.start(bare.toString()));

    assertTrue(failure.getMessage().startsWith(MotoServer.MOTO_REQUIRED), failure.getMessage());
  }

  @Test
  void closed_shouldStopTheEmulator() {
    MotoServer moto = MotoServer.start();
    Aws aws = new Aws(moto);
    moto.close();

    assertThrows(
        software.amazon.awssdk.core.exception.SdkClientException.class,
        () -> aws.executionRole("r"));
    aws.close();
  }

  @Test
  void isWrite_shouldJudgeByOperationVerb() {
    assertTrue(
        MotoServer.isWrite(new ApiCall("lambda", "UpdateFunctionConfiguration", "PUT", "/")));
    assertTrue(
        MotoServer.isWrite(
            new ApiCall("securityhub", "BatchImportFindings", "POST", "/findings/import")));
    assertFalse(MotoServer.isWrite(new ApiCall("lambda", "GetFunction", "GET", "/")));
    assertFalse(MotoServer.isWrite(new ApiCall("kms", "DescribeKey", "POST", "/")));
    assertFalse(MotoServer.isWrite(new ApiCall(null, null, "PUT", "/unknown")));
  }
}
