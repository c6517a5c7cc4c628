package org.cmpnas.engine.data;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.cmpnas.engine.FieldProblem;

/**
 * Which training images a run learns from: the dataset, how an image folder is read, and how many of its
 * training images are kept. One part of every config that trains.
 *
 * @param name   {@code fashion-mnist} or the path of an image folder; null where the job fills it in (a
 *               supernet reads its gallery run's data, an export its supernet's)
 * @param limit  keep only {@code limit} training images (0: all), chosen by {@code subset} with the run's seed
 * @param subset how {@code limit} picks its images; configs recorded before balanced subsets have none and
 *               read as {@link Subset#first}
 * @param images how an image folder is read (size, colour); configs recorded before colour and image size
 *               have none and read folders as then (28 px, grey); null where the job fills it in
 */
public record DataSpec(@JsonProperty("data") String name, int limit, Subset subset, ImageOptions images) {

    public DataSpec {
        subset = Subset.orFirst(subset, limit);
        // IDX data reads the same whatever the record says: an older config of it is one of today's
        images = images == null && name != null && !name.isBlank() && ImageOptions.isIdx(name) ? ImageOptions.defaultFor(name) : images;
    }

    /** Every training image of {@code data}, read as {@code images}. */
    public static DataSpec all(String data, ImageOptions images) {
        return new DataSpec(data, 0, Subset.balanced, images);
    }

    /** Every training image of {@code data}, an image folder read as the defaults say. */
    public static DataSpec all(String data) {
        return all(data, ImageOptions.defaultFor(data));
    }

    /** Keeps {@code count} training images, each class in its share (0: all of them). */
    public DataSpec withLimit(int count) {
        return new DataSpec(name, count, subset, images);
    }

    /** The same limit on the dataset the job resolved, read as it resolved. */
    public DataSpec resolved(String dataName, ImageOptions imageOptions) {
        return new DataSpec(dataName, limit, subset, imageOptions);
    }

    public boolean named() {
        return name != null && !name.isBlank();
    }

    /** Checks the limit, named by its option ({@code limit}, {@code finetune-limit}); returns this for chaining. */
    public DataSpec validated(String limitOption) {
        require(limit >= 0, () -> FieldProblem.of(limitOption, "must not be negative (0 uses every training image)", limit));
        return this;
    }
}
