package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import realizar.api.format.Metadata;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** Fixture builders and lookups shared by the GGUF tests. */
final class GgufTestSupport {
    static final GgufFormatReader GGUF = new GgufFormatReader();

    private GgufTestSupport() {
    }

    /** A vendored file under src/test/resources/gguf. */
    static Path resource(String name) {
        try {
            return Path.of(GgufTestSupport.class.getResource("/gguf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shared folder ({@code ../shared} next to the repository root): the system property {@code realizar.shared},
     * else the first {@code shared/fixtures} found walking up from the working directory.
     */
    static Optional<Path> shared() {
        String property = System.getProperty("realizar.shared");
        if (property != null) {
            return Optional.of(Path.of(property)).filter(p -> Files.isDirectory(p.resolve("fixtures")));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared").resolve("fixtures"))) {
                return Optional.of(p.resolve("shared"));
            }
        }
        return Optional.empty();
    }

    /** One key of every GGUF value type, arrays of every element type, empty and nested arrays, with exact tags. */
    static Metadata allValueTypes(int alignment) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> tags = new ArrayList<>();
        put(m, tags, "general.architecture", "llama", "string");
        put(m, tags, "general.alignment", (long) alignment, "uint32");
        put(m, tags, "test.uint8", 255, "uint8");
        put(m, tags, "test.int8", -128, "int8");
        put(m, tags, "test.uint16", 65535, "uint16");
        put(m, tags, "test.int16", -32768, "int16");
        put(m, tags, "test.uint32", 4_000_000_000L, "uint32");
        put(m, tags, "test.int32", -2_000_000_000, "int32");
        put(m, tags, "test.uint64", -1L, "uint64");                 // 2^64 - 1, read back as the same bits
        put(m, tags, "test.int64", 7L, "int64");                    // small, so only the tag keeps it int64
        put(m, tags, "test.float32", 1.5e-5f, "float32");
        put(m, tags, "test.float64", Math.PI, "float64");
        put(m, tags, "test.bool", true, "bool");
        put(m, tags, "test.string", "héllo ▁wörld \u0000 🦙", "string");
        put(m, tags, "test.empty_string", "", "string");
        put(m, tags, "test.array.uint8", new int[] {0, 1, 255}, "array[uint8]");
        put(m, tags, "test.array.int8", new int[] {-128, 0, 127}, "array[int8]");
        put(m, tags, "test.array.uint16", new int[] {0, 65535}, "array[uint16]");
        put(m, tags, "test.array.int16", new int[] {-32768, 32767}, "array[int16]");
        put(m, tags, "test.array.uint32", new long[] {0, 4_294_967_295L}, "array[uint32]");
        put(m, tags, "test.array.int32", new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}, "array[int32]");
        put(m, tags, "test.array.uint64", new long[] {0, -1L}, "array[uint64]");
        put(m, tags, "test.array.int64", new long[] {Long.MIN_VALUE, 3}, "array[int64]");
        put(m, tags, "test.array.float32", new float[] {0f, -0f, Float.MAX_VALUE, Float.MIN_VALUE}, "array[float32]");
        put(m, tags, "test.array.float64", new double[] {Double.MIN_VALUE, -2.5}, "array[float64]");
        put(m, tags, "test.array.bool", new boolean[] {true, false, true}, "array[bool]");
        put(m, tags, "test.array.string", List.of("a", "", "ü"), "array[string]");
        put(m, tags, "test.array.empty", new int[0], "array[uint8]");
        put(m, tags, "test.array.empty_string", List.of(), "array[string]");
        put(m, tags, "test.array.nested", List.of(new int[] {1, 2}, new int[] {3}), "array[array[int16]]");
        put(m, tags, "test.array.nested_mixed", List.of(new float[] {1f}, List.of("x")), "array[array]");
        put(m, tags, "test.array.nested_deep", List.of(List.of(List.of("deep"))), "array[array[array[string]]]");
        m.put(GgufModelFile.VALUE_TYPES_KEY, tags);
        return new Metadata(m);
    }

    private static void put(Map<String, Object> m, List<String> tags, String key, Object value, String tag) {
        m.put(key, value);
        tags.add(key + "=" + tag);
    }

    /** A tensor of {@code type} whose row is {@code blocks} blocks long, two rows, filled with seeded random bytes. */
    static TensorSource randomTensor(String name, TensorType type, int blocks, long seed) {
        long[] dims = {(long) type.blockSize() * blocks, 2};
        return TensorSource.of(name, type, dims, target -> {
            byte[] bytes = new byte[(int) target.byteSize()];
            new Random(seed).nextBytes(bytes);
            MemorySegment.copy(bytes, 0, target, ValueLayout.JAVA_BYTE, 0, bytes.length);
        });
    }

    /** The expected bytes of {@link #randomTensor}. */
    static byte[] randomBytes(TensorType type, int blocks, long seed) {
        byte[] bytes = new byte[(int) type.bytesFor((long) type.blockSize() * blocks * 2)];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] bytes(MemorySegment segment) {
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    static String sha256(MemorySegment segment) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(segment.asByteBuffer());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Arrays as lists, recursively, so that assertEquals compares contents and prints them. */
    static Object comparable(Object value) {
        return switch (value) {
            case int[] a -> Arrays.stream(a).boxed().toList();
            case long[] a -> Arrays.stream(a).boxed().toList();
            case double[] a -> Arrays.stream(a).boxed().toList();
            case float[] a -> {
                List<Float> l = new ArrayList<>();
                for (float f : a) {
                    l.add(f);
                }
                yield l;
            }
            case boolean[] a -> {
                List<Boolean> l = new ArrayList<>();
                for (boolean b : a) {
                    l.add(b);
                }
                yield l;
            }
            case List<?> l -> l.stream().map(GgufTestSupport::comparable).toList();
            default -> value;
        };
    }

    /** Every key of {@code expected} is in {@code actual} with an equal value of the same Java type. */
    static void assertSameMetadata(Metadata expected, Metadata actual) {
        for (Map.Entry<String, Object> e : expected.asMap().entrySet()) {
            Object a = actual.asMap().get(e.getKey());
            assertEquals(comparable(e.getValue()), a == null ? null : comparable(a), e.getKey());
            if (!(e.getValue() instanceof List<?>)) {
                assertEquals(e.getValue().getClass(), a.getClass(), e.getKey() + " Java type");
            }
        }
    }
}
