package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Patch dynamodb_conditional_writes_atomic: a conditional write is checked and applied as one step.
 */
class DynamoDbPatchesTest extends MotoTest {

  private static final String TABLE = "claims";
  private static final int WRITERS = 8;
  private static final int KEYS = 25;

  private DynamoDbClient dynamo;

  @BeforeEach
  void createTable() {
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    dynamo.createTable(
        create ->
            create
                .tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
  }

  @Test
  void concurrentPutsIfAbsent_onTheSameKey_shouldLetExactlyOneSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int key = 0; key < KEYS; key++) {
        String id = "key-" + key;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
          String owner = "writer-" + writer;
          Callable<Boolean> putIfAbsent =
              () -> {
                start.await();
                try {
                  dynamo.putItem(
                      put ->
                          put.tableName(TABLE)
                              .item(
                                  Map.of(
                                      "id",
                                      AttributeValue.fromS(id),
                                      "owner",
                                      AttributeValue.fromS(owner)))
                              .conditionExpression("attribute_not_exists(id)"));
                  return true;
                } catch (ConditionalCheckFailedException lost) {
                  return false;
                }
              };
          writes.add(pool.submit(putIfAbsent));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> write : writes) {
          winners += write.get() ? 1 : 0;
        }
        assertEquals(1, winners, "winners for " + id);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
