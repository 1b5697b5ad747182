package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * A weight type the device copies at load into a layout of its own, because the kernel over that layout is enough
 * faster to pay for the memory (see each implementation for the measurement). The mapping stays the source of
 * truth: dequantization reads it, and {@code -Drealizar.simd.repack=false} serves matmul from it too.
 */
interface Repacker {
    /** Bytes of the copy of a {@code rows × cols} matrix. */
    long bytes(long rows, long cols);

    /** Writes rows {@code [from, to)} of the mapped matrix {@code src} into the copy {@code dst}; thread-safe per range. */
    void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to);

    /** The matmul kernel over the copy. */
    MatmulKernel kernel();
}
