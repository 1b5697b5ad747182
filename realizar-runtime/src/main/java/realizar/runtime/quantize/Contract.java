package realizar.runtime.quantize;

/**
 * {@code a * b + c} and {@code c - a * b} with two roundings, never fused. llama-quantize's reference build does not
 * contract these into FMAs: with {@link Math#fma} instead, 0.1–2 % of the blocks of the shared fixtures come out
 * different from llama.cpp's, while separate operations reproduce every block.
 */
final class Contract {
    private Contract() {
    }

    static float mulAdd(float a, float b, float c) {
        return a * b + c;
    }

    /** {@code c - a * b}. */
    static float mulSub(float c, float a, float b) {
        return c - a * b;
    }
}
