package org.cmpnas.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;

/** Shared test data: a typed config like the trainer's and a small run factory. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** Stands in for a caller's typed config record (the store only sees its JSON tree). */
    record TrainConfig(String arch, int epochs, int batch, double lr, long seed) {
    }

    static final TrainConfig CONFIG = new TrainConfig("resnet-g", 2, 64, 0.05, 42L);

    static JsonNode configTree() {
        return Json.mapper().valueToTree(CONFIG);
    }

    static Provenance provenance() {
        return Provenance.capture(42, "fashion-mnist", "sha256:00ff", 600, null, "0.36.0", "2.7.1");
    }

    static RunHandle gallery(RunStore store, String name) {
        return store.create(name, RunKind.gallery, "resnet-g", 80_523_776L, 2_797_632L, configTree(), provenance());
    }

    static Clock fixedClock(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** Returns the scripted values for nextInt(bound), so tests can force id clashes. */
    static RandomGenerator scripted(Integer... values) {
        Deque<Integer> queue = new ArrayDeque<>(List.of(values));
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                return queue.removeFirst();
            }
        };
    }
}
