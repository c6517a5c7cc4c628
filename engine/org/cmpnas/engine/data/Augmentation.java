package org.cmpnas.engine.data;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Random;
import org.cmpnas.engine.FieldProblem;

/**
 * Training-time augmentation of docs/protocol.md: random horizontal flip, and optionally a random crop
 * of the original size from the image zero-padded by {@code padCrop} pixels (torchvision's
 * {@code RandomCrop(28, padding=2)} for padCrop 2). Output is normalised; evaluation normalises
 * without augmentation.
 */
public record Augmentation(@JsonProperty("flip") boolean horizontalFlip, int padCrop) {

    /** The protocol's training default: flip on, no crop. */
    public static final Augmentation DEFAULT = new Augmentation(true, 0);
    public static final Augmentation NONE = new Augmentation(false, 0);

    /** One part of every config that trains: the crop is checked here, named by its option. */
    public Augmentation {
        int pad = padCrop;
        require(pad >= 0 && pad <= 8, () -> FieldProblem.of("pad-crop", "must be between 0 and 8 pixels", pad));
    }

    @JsonIgnore // not a setting: configs embed this record
    public boolean isIdentity() {
        return !horizontalFlip && padCrop == 0;
    }

    /**
     * Writes one augmented, normalised planar image of {@code channels} planes of {@code rows x cols} from
     * {@code src[srcOffset..]} into {@code dst[dstOffset..]}. Draws from {@code rng} (flip, then crop
     * offsets) once per image, so a seeded rng gives a reproducible epoch and every channel moves alike.
     *
     * @return whether the image was mirrored
     */
    public boolean apply(byte[] src, int srcOffset, int channels, int rows, int cols, Normalization normalization,
                         float[] dst, int dstOffset, Random rng) {
        boolean flip = horizontalFlip && rng.nextBoolean();
        int dy = padCrop == 0 ? 0 : rng.nextInt(2 * padCrop + 1) - padCrop;
        int dx = padCrop == 0 ? 0 : rng.nextInt(2 * padCrop + 1) - padCrop;
        if (!flip && dx == 0 && dy == 0) {
            normalization.normalise(src, srcOffset, dst, dstOffset, 1, rows * cols);
            return false;
        }
        for (int c = 0; c < channels; c++) {
            float zero = normalization.of(c, 0); // the padding is black before normalisation
            int plane = c * rows * cols;
            for (int y = 0; y < rows; y++) {
                int sy = y + dy;
                int out = dstOffset + plane + y * cols;
                for (int x = 0; x < cols; x++) {
                    // crop first, then mirror the crop: pixel x of the output is column (cols-1-x)+dx of the source
                    int sx = (flip ? cols - 1 - x : x) + dx;
                    dst[out + x] = sy < 0 || sy >= rows || sx < 0 || sx >= cols ? zero
                            : normalization.of(c, src[srcOffset + plane + sy * cols + sx]);
                }
            }
        }
        return flip;
    }
}
