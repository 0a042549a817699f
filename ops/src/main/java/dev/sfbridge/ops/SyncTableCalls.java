package dev.sfbridge.ops;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The sync commands' DynamoDB calls, their failures told as the AWS side's (exit 3) in one line. */
final class SyncTableCalls {
    private SyncTableCalls() {}

    static <T> T call(String table, Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            throw OpsFailure.aws("no table " + table + " here (check the region, the account and the stack's outputs)");
        } catch (DynamoDbException e) {
            throw OpsFailure.aws("DynamoDB refused the call: " + (e.awsErrorDetails() == null ? e.statusCode()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()));
        } catch (SdkClientException e) {
            throw OpsFailure.aws("could not reach DynamoDB: " + (e.getMessage() == null ? "no detail" : e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
