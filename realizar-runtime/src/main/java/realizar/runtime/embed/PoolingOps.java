package realizar.runtime.embed;

/** Pooling and L2 normalisation of hidden states, as llama.cpp's pooling and {@code common_embd_normalize}. */
final class PoolingOps {
    private PoolingOps() {
    }

    /** One vector from rows {@code from} (inclusive) to {@code to} (exclusive) of {@code hidden}. */
    static float[] pool(float[] hidden, int from, int to, int dim, Pooling pooling) {
        float[] e = new float[dim];
        switch (pooling) {
            case CLS -> System.arraycopy(hidden, from * dim, e, 0, dim);
            case LAST -> System.arraycopy(hidden, (to - 1) * dim, e, 0, dim);
            case MEAN -> {
                double[] sum = new double[dim];
                for (int r = from; r < to; r++) {
                    for (int i = 0; i < dim; i++) {
                        sum[i] += hidden[r * dim + i];
                    }
                }
                for (int i = 0; i < dim; i++) {
                    e[i] = (float) (sum[i] / (to - from));
                }
            }
        }
        return e;
    }

    /** Divides by the L2 norm, summed in double; a zero vector stays zero. */
    static void normalize(float[] e) {
        double sum = 0;
        for (float v : e) {
            sum += (double) v * v;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < e.length; i++) {
                e[i] *= inv;
            }
        }
    }
}
