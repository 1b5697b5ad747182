package realizar.backend.simd;

/**
 * What a weight type's kernel multiplies with, as ggml's CPU backend chooses it ({@code vec_dot_type}): the caller's
 * float rows are converted to this once per matmul call.
 */
enum ActivationFormat {
    /** float32 as given (F32 weights). */
    F32(1),
    /** rounded to IEEE half (F16 weights). */
    F16(1),
    /** rounded to bfloat16 (BF16 weights). */
    BF16(1),
    /** blocks of 32: f16 scale d = amax/127, int8 q = round-half-even(x·127/amax) (Q4_0, Q5_0, Q8_0). */
    Q8_0(32),
    /** Q8_0 plus s = f16(d·Σq) per block (Q4_1, Q5_1). */
    Q8_1(32),
    /** Q8_0, plus each row regrouped by 8 blocks for {@link Q40Repacked} ({@link Q40Activations}). */
    Q8_0_X8(32),
    /** blocks of 256: f32 scale d = max/-127·(-1), int8 q = nearest(-127/max·x), sums of each 16 (K-quants). */
    Q8_K(256),
    /** Q8_K, plus each row regrouped by sub-blocks of 32 for {@link Q4KGrouped} ({@link Q4KActivations}). */
    Q8_K_X8(256),
    /** Q8_K, plus each row regrouped by super-block for {@link Q6KDense} ({@link Q6KActivations}). */
    Q8_K_Q6(256);

    private final int blockSize;

    ActivationFormat(int blockSize) {
        this.blockSize = blockSize;
    }

    int blockSize() {
        return blockSize;
    }
}
