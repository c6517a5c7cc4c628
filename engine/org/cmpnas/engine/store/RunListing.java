package org.cmpnas.engine.store;

import java.util.Optional;

/**
 * One entry of {@link RunStore#list()}: a readable run, or a damaged one with a short reason.
 * Listing never fails because of one broken folder; the UI shows the problem in the row instead.
 */
public record RunListing(String id, Optional<RunRecord> record, String problem) {

    public static RunListing ok(RunRecord record) {
        return new RunListing(record.id(), Optional.of(record), null);
    }

    public static RunListing damaged(String id, String problem) {
        return new RunListing(id, Optional.empty(), problem);
    }

    public boolean isDamaged() {
        return record.isEmpty();
    }
}
