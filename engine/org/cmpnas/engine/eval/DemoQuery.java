package org.cmpnas.engine.eval;

/**
 * A query of the retrieval demo, embedded by both models: an image of the test query set
 * ({@code index} ≥ 0, {@code label} its class) or an outside image ({@code index} -1, {@code label}
 * -1, {@code source} its file name). {@code pixels} is the image as the models saw it: {@code channels} planes
 * (1 grey, 3 red, green, blue) of {@code rows x cols}.
 */
public record DemoQuery(int index, int label, String source, byte[] pixels, int channels, int rows, int cols,
                        float[] byQueryModel, float[] byGalleryModel) {

    public boolean isOutside() {
        return index < 0;
    }
}
