package realizar.format.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds small safetensors files for tests: a header written from entries, then the data bytes. */
final class SafetensorsBytes {
    private final List<String> entries = new ArrayList<>();
    private byte[] data = new byte[0];
    private String metadata;

    /** A tensor whose data is appended; {@code values} are little-endian floats. */
    SafetensorsBytes f32(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(name, "F32", shape, b.array());
    }

    SafetensorsBytes raw(String name, String dtype, long[] shape, byte[] bytes) {
        int begin = data.length;
        return entry(name, dtype, shape, begin, begin + bytes.length, bytes);
    }

    /** An entry with the offsets given as they are (for corrupt headers); {@code bytes} are appended to the data. */
    SafetensorsBytes entry(String name, String dtype, long[] shape, long begin, long end, byte[] bytes) {
        StringBuilder s = new StringBuilder("\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? "," : "").append(shape[i]);
        }
        s.append("],\"data_offsets\":[").append(begin).append(',').append(end).append("]}");
        entries.add(s.toString());
        byte[] grown = new byte[data.length + bytes.length];
        System.arraycopy(data, 0, grown, 0, data.length);
        System.arraycopy(bytes, 0, grown, data.length, bytes.length);
        data = grown;
        return this;
    }

    SafetensorsBytes metadata(String json) {
        this.metadata = json;
        return this;
    }

    String headerJson() {
        List<String> all = new ArrayList<>();
        if (metadata != null) {
            all.add("\"__metadata__\":" + metadata);
        }
        all.addAll(entries);
        return "{" + String.join(",", all) + "}";
    }

    byte[] bytes() {
        return withHeader(headerJson());
    }

    /** The file with {@code json} as its header (padded with spaces to a multiple of 8, as the reference writer does). */
    byte[] withHeader(String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        b.put(data);
        return b.array();
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
