package dev.sfbridge.sqs;

/**
 * An SQS queue's ARN, {@code arn:<partition>:sqs:<region>:<account>:<name>}, as Lambda's event names the queue a
 * message came from, and the queue URL SQS's API wants for it.
 */
public record QueueArn(String partition, String region, String account, String name) {

    public static QueueArn parse(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", -1);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sqs".equals(parts[2])
                || parts[3].isEmpty() || parts[4].isEmpty() || parts[5].isEmpty()) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
        }
        return new QueueArn(parts[1], parts[3], parts[4], parts[5]);
    }

    /** {@code https://sqs.<region>.<domain>/<account>/<name>}, the domain being the partition's. */
    public String url() {
        String domain = "aws-cn".equals(partition) ? "amazonaws.com.cn" : "amazonaws.com";
        return "https://sqs." + region + "." + domain + "/" + account + "/" + name;
    }
}
