package io.lambdaguard.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One emulator per test class, emptied before each test. */
abstract class MotoTest {

  static MotoServer moto;
  static Aws aws;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    aws = new Aws(moto);
  }

  @AfterAll
  static void stopMoto() {
    aws.close();
    moto.close();
  }

  @BeforeEach
  void resetMoto() {
    moto.reset();
  }
}
