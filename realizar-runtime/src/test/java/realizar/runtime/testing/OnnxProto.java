package realizar.runtime.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few ONNX protobuf messages needed to take the weights out of a BERT export (onnx.proto3): ModelProto.graph (7);
 * GraphProto.node (1), initializer (5); NodeProto input (1), name (3), op_type (4); TensorProto dims (1), data_type (2),
 * float_data (4), name (8), raw_data (9). A hand-written decoder of the protobuf wire format, so tests need no
 * protobuf or ONNX library. /work/shared/scripts/onnx2safetensors.py does the same in Python.
 */
public final class OnnxProto {
    /** An initializer: float32 values in row-major order. */
    public record Initializer(String name, long[] shape, float[] values) {
    }

    /** A graph node's name, operator and inputs. */
    public record Node(String name, String op, List<String> inputs) {
    }

    public record Graph(List<Node> nodes, Map<String, Initializer> initializers) {
    }

    private OnnxProto() {
    }

    public static Graph parse(byte[] model) {
        ByteBuffer m = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer graph = null;
        while (m.hasRemaining()) {
            int key = (int) varint(m);
            if (key >>> 3 == 7 && (key & 7) == 2) {
                graph = bytes(m);
            } else {
                skip(m, key & 7);
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("no graph in the ONNX model");
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Initializer> inits = new LinkedHashMap<>();
        while (graph.hasRemaining()) {
            int key = (int) varint(graph);
            int field = key >>> 3;
            if (field == 1 && (key & 7) == 2) {
                nodes.add(node(bytes(graph)));
            } else if (field == 5 && (key & 7) == 2) {
                Initializer init = tensor(bytes(graph));
                if (init != null) {
                    inits.put(init.name(), init);
                }
            } else {
                skip(graph, key & 7);
            }
        }
        return new Graph(nodes, inits);
    }

    private static Node node(ByteBuffer b) {
        List<String> inputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (b.hasRemaining()) {
            int key = (int) varint(b);
            switch (key >>> 3) {
                case 1 -> inputs.add(string(b));
                case 3 -> name = string(b);
                case 4 -> op = string(b);
                default -> skip(b, key & 7);
            }
        }
        return new Node(name, op, inputs);
    }

    /** A float32 or float16 tensor; other element types (int64 position ids) are null. */
    private static Initializer tensor(ByteBuffer b) {
        List<Long> dims = new ArrayList<>();
        int type = 1;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        while (b.hasRemaining()) {
            int key = (int) varint(b);
            int wire = key & 7;
            switch (key >>> 3) {
                case 1 -> {
                    if (wire == 2) {
                        ByteBuffer packed = bytes(b);
                        while (packed.hasRemaining()) {
                            dims.add(varint(packed));
                        }
                    } else {
                        dims.add(varint(b));
                    }
                }
                case 2 -> type = (int) varint(b);
                case 4 -> {
                    ByteBuffer packed = wire == 2 ? bytes(b) : b;
                    do {
                        floats.add(packed.getFloat());
                    } while (wire == 2 && packed.hasRemaining());
                }
                case 8 -> name = string(b);
                case 9 -> raw = bytes(b);
                default -> skip(b, wire);
            }
        }
        if (type != 1 && type != 10) {
            return null;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] values = new float[Math.toIntExact(count)];
        if (raw != null) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                values[i] = type == 1 ? raw.getFloat() : Float.float16ToFloat(raw.getShort());
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        return new Initializer(name, shape, values);
    }

    private static long varint(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte c = b.get();
            result |= (long) (c & 0x7F) << shift;
            if (c >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static ByteBuffer bytes(ByteBuffer b) {
        int n = Math.toIntExact(varint(b));
        ByteBuffer slice = b.slice(b.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + n);
        return slice;
    }

    private static String string(ByteBuffer b) {
        ByteBuffer s = bytes(b);
        byte[] a = new byte[s.remaining()];
        s.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    private static void skip(ByteBuffer b, int wire) {
        switch (wire) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> bytes(b);
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalArgumentException("protobuf wire type " + wire + " at byte " + b.position());
        }
    }
}
