package dev.sfbridge.bulk;

/**
 * One set of a query job's results, downloaded into a file ({@link BulkQueryClient#download}).
 *
 * @param records     {@code Sforce-NumberOfRecords}: the rows in this set
 * @param nextLocator {@code Sforce-Locator}: where the next set starts; null when this set is the last
 *                    (Salesforce sends the string {@code "null"})
 */
public record QueryPage(long records, String nextLocator) {
    public boolean last() {
        return nextLocator == null;
    }
}
