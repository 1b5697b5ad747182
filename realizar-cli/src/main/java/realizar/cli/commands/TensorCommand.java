package realizar.cli.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Op;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.runtime.Realizar;

/** {@code realizar tensor}: one tensor, dequantised to float32. */
@Command(name = "tensor", mixinStandardHelpOptions = true,
        description = {"Write one tensor, dequantised, as little-endian float32 in row-major (numpy) order.",
                "The file is written to a temporary name and renamed, so it is never half-written."},
        footer = {"", "Example:", "  realizar tensor model.gguf blk.0.attn_q.weight --out q.f32   # numpy.fromfile('q.f32', '<f4')"})
public final class TensorCommand implements Callable<Integer> {
    private static final int CHUNK = 1 << 16;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Parameters(index = "1", paramLabel = "NAME", description = "Tensor name (see 'realizar info').")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the float32 values.")
    Path out;

    @Option(names = "--json", description = "Print {\"name\", \"type\", \"shape\", \"values\"} (values = the count).")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws IOException {
        try (Realizar realizar = Realizar.create(runtime.toOptions()); ModelFile file = realizar.open(model, runtime.format)) {
            Tensor tensor = file.tensor(name);
            ComputeDevice device = realizar.device();
            if (!device.supports(Op.DEQUANTIZE, tensor.type())) {
                throw new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                        "backend '" + realizar.backendName() + "' cannot dequantize " + tensor.type() + " (tensor '" + name + "')");
            }
            long count = tensor.info().elementCount();
            int block = tensor.type().blockSize();
            int chunk = CHUNK / block * block;
            Path dir = out.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
            try {
                float[] values = new float[chunk];
                ByteBuffer bytes = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    for (long first = 0; first < count; first += chunk) {
                        int n = (int) Math.min(chunk, count - first);
                        device.dequantize(tensor, first, values, 0, n);
                        bytes.clear();
                        bytes.asFloatBuffer().put(values, 0, n);
                        os.write(bytes.array(), 0, n * 4);
                    }
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("type", tensor.type().name());
            m.put("shape", tensor.info().numpyShape());
            m.put("values", count);
            if (json) {
                Json.print(spec.commandLine().getOut(), m);
            } else {
                spec.commandLine().getOut().printf("wrote %,d float32 values of %s (%s, numpy shape %s) to %s%n", count, name,
                        tensor.type(), java.util.Arrays.toString(tensor.info().numpyShape()), out);
            }
        }
        return 0;
    }
}
