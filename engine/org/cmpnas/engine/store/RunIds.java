package org.cmpnas.engine.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Run ids: {@code yyyyMMdd-HHmmss-xxxx} in UTC, so that they sort by time, read well and mean the
 * same on every server sharing a store. The 4 hex digits separate runs of the same second; the
 * store makes them unique by creating the folder atomically and drawing again on a clash.
 */
final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss");
    private static final int STAMP_LENGTH = 15;

    private RunIds() {
    }

    static String next(Instant now, RandomGenerator random) {
        return STAMP.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + "-"
                + String.format("%04x", random.nextInt(0x10000));
    }

    /** The creation second encoded in an id, to sort damaged runs whose run.json cannot tell. */
    static Optional<Instant> timeOf(String id) {
        if (id.length() < STAMP_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(id.substring(0, STAMP_LENGTH), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
