package org.cmpnas.engine.nas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * A search run's {@code artifacts/evaluated.csv}: one line per scored subnet ({@code subnet,macs,reward},
 * a pair search adding {@code gallery,galleryMacs}), rewritten in one step after every reward. It is
 * also the search's checkpoint: rewards are written exactly ({@link Double#toString}), so a resumed
 * search replays its path with them to the same result.
 */
final class EvaluatedSubnets {
    static final String FILE = "evaluated.csv";

    private EvaluatedSubnets() {
    }

    static void write(Path artifacts, List<SearchPoint> points) {
        boolean pairs = points.stream().anyMatch(p -> p.gallery() != null);
        StringBuilder csv = new StringBuilder(pairs ? "subnet,macs,reward,gallery,galleryMacs\n" : "subnet,macs,reward\n");
        for (SearchPoint p : points) {
            csv.append(p.subnet().text()).append(',').append(p.macs()).append(',').append(p.reward());
            if (pairs) {
                csv.append(',').append(p.gallery().text()).append(',').append(p.galleryMacs());
            }
            csv.append('\n');
        }
        Path file = artifacts.resolve(FILE);
        try {
            Path tmp = artifacts.resolve("." + FILE + ".tmp");
            Files.writeString(tmp, csv);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of(file, e);
        }
    }

    /** The rewards in {@code artifacts/evaluated.csv} by {@link SearchPoint#key()}; none when there is no file yet. */
    static Map<String, Double> readRewards(Path artifacts) {
        Path file = artifacts.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Double> rewards = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            try {
                if (cells.length != 3 && cells.length != 5) {
                    throw new IllegalArgumentException("expected 3 or 5 cells, found " + cells.length);
                }
                SubnetSpec query = SubnetSpec.parse(cells[0]);
                SubnetSpec gallery = cells.length == 5 ? SubnetSpec.parse(cells[3]) : null;
                rewards.put(SearchPoint.key(query, gallery), Double.parseDouble(cells[2]));
            } catch (RuntimeException e) {
                throw new BadInputException(file + " line " + (i + 1) + " is damaged (" + e.getMessage()
                        + "); delete the file to score every subnet again", e);
            }
        }
        return rewards;
    }
}
