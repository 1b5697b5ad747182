package realizar.backend.simd;
