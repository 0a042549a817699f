package dev.sfbridge.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.ErpSimulator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the chaos run's paths that only some of its changes take must end with, from the org, the ERP and the
 * functions' log ({@link Log}): a record changed twice within one second holds the org's data in the ERP, and a
 * notification of it met the worker's same-second check ({@code sameSecondChange}), unless a worker killed right after
 * completing a claim of it took the line with it; a record changed before its
 * message was sent again (the same notification ID) holds the org's data, the newer, in the ERP; a notification of a
 * deleted record was acked and counted by the listener, never queued, and its record has no ERP order. A notification
 * made visible again as it was received ({@code sqs-mid-redeliver}) is counted when a copy of it met its claim held by
 * the other: the path the claim guards (the ERP's writes check that it wrote once).
 *
 * @param sameSecondHeld    the records changed twice within one second whose ERP order has the org's data
 * @param sameSecondChanges the worker's log lines with {@code sameSecondChange}, of any record
 * @param sameSecondUnlogged the records changed twice within one second that met no check in the log, a claim of
 *                          theirs completed by a worker killed before it logged the outcome
 * @param resentNewerHeld   the records changed before their message's resend whose ERP order has the org's data
 * @param deletedCounted    the listener's counts of notifications without a record, a resent message's again
 * @param redeliveredMidway the notifications made visible again as they were received
 * @param metHeld           of those, the ones a copy of which met the claim held elsewhere ({@code held_elsewhere})
 */
record ChaosPaths(int sameSecond, int sameSecondHeld, int sameSecondChecked, long sameSecondChanges, int sameSecondUnlogged,
                  int resentNewer,
                  int resentNewerHeld, int deleted, long deletedCounted, int redeliveredMidway, int metHeld,
                  List<String> mismatches) {
    /** What the functions log of these paths: the worker's notifications, and the listener's without a record. */
    static final class Log implements Consumer<String> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final String WITHOUT_RECORD = "notification without a record";

        private final Set<String> sameSecondRecords = ConcurrentHashMap.newKeySet();
        private final LongAdder sameSecondChanges = new LongAdder();
        private final Set<String> processed = ConcurrentHashMap.newKeySet();
        private final Map<String, LongAdder> withoutRecord = new ConcurrentHashMap<>();
        /** The messages whose notification met its claim held by another invocation, by message ID. */
        private final Set<String> heldElsewhere = ConcurrentHashMap.newKeySet();

        @Override
        public void accept(String line) {
            boolean notification = line.contains("\"message\":\"notification\"");
            if (!notification && !line.contains(WITHOUT_RECORD)) {
                return;
            }
            JsonNode fields;
            try {
                fields = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return;
            }
            String notificationId = fields.path(JsonLog.NOTIFICATION_ID).asText(null);
            if (!notification && fields.path("message").asText().startsWith(WITHOUT_RECORD)) {
                withoutRecord.computeIfAbsent(notificationId, id -> new LongAdder()).increment();
            } else if (notification) {
                if (notificationId != null) {
                    processed.add(notificationId);
                }
                if (fields.path("reason").asText().equals("held_elsewhere")) {
                    heldElsewhere.add(fields.path(JsonLog.MESSAGE_ID).asText());
                }
                if (fields.path("sameSecondChange").asBoolean(false)) {
                    sameSecondChanges.increment();
                    sameSecondRecords.add(fields.path(JsonLog.RECORD_ID).asText());
                }
            }
        }
    }

    /**
     * What the scenario sent on these paths.
     *
     * @param sameSecond           the records changed twice within one second
     * @param resentNewer          the records changed before their message was sent again
     * @param deletedNotifications the notifications of records deleted before delivery
     * @param deletedRecords       those records
     */
    record Changed(List<String> sameSecond, List<String> resentNewer, List<String> deletedNotifications,
                   List<String> deletedRecords) {}

    /**
     * @param redeliveredMidway the notifications made visible again as they were received, by message ID
     * @param unlogged          the records a claim of which a worker completed and was killed before logging its
     *                          outcome ({@link InvocationKills}): the later copies are duplicates, so no line tells
     *                          whether the worker met the same-second check; the ERP's data still must be the org's
     */
    static ChaosPaths of(Changed changed, Log log, Function<String, Optional<ErpSimulator.Order>> orders,
                         Function<String, Map<String, String>> org, Set<String> redeliveredMidway, Set<String> unlogged) {
        List<String> mismatches = new ArrayList<>();
        int sameSecondHeld = 0;
        int sameSecondUnlogged = 0;
        for (String id : changed.sameSecond()) {
            sameSecondHeld += orgDataInErp(id, "changed twice within one second", orders, org, mismatches);
            if (!log.sameSecondRecords.contains(id) && unlogged.contains(id)) {
                sameSecondUnlogged++;
            } else if (!log.sameSecondRecords.contains(id)) {
                mismatches.add(id + ": changed twice within one second, yet no notification of it met the worker's "
                        + "same-second check (sameSecondChange)");
            }
        }
        int resentNewerHeld = 0;
        for (String id : changed.resentNewer()) {
            resentNewerHeld += orgDataInErp(id, "changed before its message was sent again", orders, org, mismatches);
        }
        long counted = 0;
        for (String notificationId : changed.deletedNotifications()) {
            LongAdder times = log.withoutRecord.get(notificationId);
            counted += times == null ? 0 : times.sum();
            if (times == null) {
                mismatches.add(notificationId + ": a notification without a record, not acked and counted by the listener");
            }
            if (log.processed.contains(notificationId)) {
                mismatches.add(notificationId + ": a notification without a record, queued: the worker processed it");
            }
        }
        changed.deletedRecords().stream().filter(id -> orders.apply(id).isPresent())
                .forEach(id -> mismatches.add(id + ": deleted before its notification was delivered, yet the ERP holds an order for it"));
        int checked = (int) changed.sameSecond().stream().filter(log.sameSecondRecords::contains).count();
        return new ChaosPaths(changed.sameSecond().size(), sameSecondHeld, checked, log.sameSecondChanges.sum(), sameSecondUnlogged,
                changed.resentNewer().size(), resentNewerHeld, changed.deletedNotifications().size(), counted, redeliveredMidway.size(),
                (int) redeliveredMidway.stream().filter(log.heldElsewhere::contains).count(), List.copyOf(mismatches));
    }

    /** 1 if the ERP's order carries the record's data as the org holds it now, the last change's (its amount); else 0, named. */
    private static int orgDataInErp(String id, String path, Function<String, Optional<ErpSimulator.Order>> orders,
                                     Function<String, Map<String, String>> org, List<String> mismatches) {
        String inOrg = org.apply(id).get("Amount");
        BigDecimal inErp = orders.apply(id).map(order -> order.request().amount()).orElse(null);
        if (inErp == null || inOrg == null || inErp.compareTo(new BigDecimal(inOrg)) != 0) {
            mismatches.add("%s: %s, the ERP holds Amount %s, the org %s".formatted(id, path, inErp, inOrg));
            return 0;
        }
        return 1;
    }

    boolean passed() {
        return mismatches.isEmpty();
    }

    String report() {
        StringBuilder report = new StringBuilder("""
                  changed twice within one second    %d (the org's data in the ERP %d; the worker's same-second check met by %d, %d log lines%s)
                  changed before a resend, same IDs  %d (the org's data in the ERP %d)
                  notifications of deleted records   %d (acked and counted %d times, never queued)
                  redelivered mid-processing         %d (met their claim held elsewhere %d)
                """.formatted(sameSecond, sameSecondHeld, sameSecondChecked, sameSecondChanges,
                sameSecondUnlogged == 0 ? "" : "; %d more whose line a kill took".formatted(sameSecondUnlogged),
                resentNewer, resentNewerHeld, deleted, deletedCounted, redeliveredMidway, metHeld));
        Reconciliation.list(mismatches, report);
        return report.toString();
    }
}
