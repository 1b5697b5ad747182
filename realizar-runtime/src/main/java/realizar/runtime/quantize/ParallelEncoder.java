package realizar.runtime.quantize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorSource;

/**
 * Encodes the tensors of a file on worker threads, a window of row chunks ahead of the writer. The format writer calls
 * each {@link TensorSource#writeTo} in order on its own thread (its target segment belongs to that thread); the
 * workers fill heap buffers, across tensor boundaries, and the writer's thread copies them in. Memory stays at about
 * {@code 2 × threads} chunks of {@value #CHUNK_VALUES} values whatever the model size.
 *
 * <p>One instance per write; {@link #close()} stops the workers.
 */
public final class ParallelEncoder implements AutoCloseable {
    static final int CHUNK_VALUES = 1 << 18;

    private record Chunk(int tensor, long firstRow, int rows, long byteOffset, int bytes) {
    }

    private final List<OutputTensor> tensors;
    private final List<Chunk> chunks = new ArrayList<>();
    private final int[] firstChunk;
    private final ExecutorService workers;
    private final int window;
    private final Future<?>[] pending;
    private final ProgressListener progress;
    private final long totalBytes;
    private long doneBytes;
    private int submitted;

    public ParallelEncoder(List<OutputTensor> tensors, int threads, ProgressListener progress) {
        this.tensors = List.copyOf(tensors);
        this.progress = progress;
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.firstChunk = new int[tensors.size() + 1];
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            OutputTensor t = tensors.get(i);
            firstChunk[i] = chunks.size();
            total += t.byteSize();
            if (t.values() == null) {
                continue;
            }
            long rowLength = t.dims()[0];
            long rows = t.elementCount() / rowLength;
            int rowsPerChunk = (int) Math.max(1, Math.min(rows, CHUNK_VALUES / rowLength));
            long rowBytes = t.type().bytesFor(rowLength);
            for (long r = 0; r < rows; r += rowsPerChunk) {
                int count = (int) Math.min(rowsPerChunk, rows - r);
                chunks.add(new Chunk(i, r, count, r * rowBytes, Math.toIntExact(count * rowBytes)));
            }
        }
        firstChunk[tensors.size()] = chunks.size();
        this.totalBytes = total;
        this.window = 2 * n + 2;
        this.pending = new Future<?>[chunks.size()];
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "realizar-encoder");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sources for the format writer, in the order given. */
    public List<TensorSource> sources() {
        List<TensorSource> sources = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            OutputTensor t = tensors.get(i);
            int index = i;
            sources.add(TensorSource.of(t.name(), t.type(), t.dims(), target -> fill(index, target)));
        }
        return sources;
    }

    /** Total bytes of tensor data. */
    public long totalBytes() {
        return totalBytes;
    }

    private void fill(int index, MemorySegment target) {
        OutputTensor t = tensors.get(index);
        if (t.copy() != null) {
            if (t.copy().byteSize() != target.byteSize()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "tensor '" + t.name() + "': source has "
                        + t.copy().byteSize() + " bytes, " + t.type() + " needs " + target.byteSize());
            }
            target.copyFrom(t.copy());
            report(target.byteSize());
            return;
        }
        for (int c = firstChunk[index]; c < firstChunk[index + 1]; c++) {
            while (submitted < chunks.size() && submitted < c + window) {
                Chunk next = chunks.get(submitted);
                pending[submitted] = workers.submit(() -> encode(next));
                submitted++;
            }
            byte[] bytes = await(pending[c]);
            pending[c] = null;
            Chunk chunk = chunks.get(c);
            MemorySegment.copy(bytes, 0, target, ValueLayout.JAVA_BYTE, chunk.byteOffset(), chunk.bytes());
            report(chunk.bytes());
        }
    }

    private byte[] encode(Chunk chunk) {
        OutputTensor t = tensors.get(chunk.tensor());
        int rowLength = Math.toIntExact(t.dims()[0]);
        float[] values = new float[chunk.rows() * rowLength];
        t.values().read(chunk.firstRow(), chunk.rows(), values);
        byte[] out = new byte[chunk.bytes()];
        Quantizers.of(t.type()).quantize(values, 0, values.length, out, 0);
        return out;
    }

    private void report(long bytes) {
        doneBytes += bytes;
        progress.onProgress(doneBytes, totalBytes);
    }

    private static byte[] await(Future<?> future) {
        try {
            return (byte[]) future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealizarException(ErrorCode.INTERNAL, "interrupted while encoding tensors", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RealizarException(ErrorCode.INTERNAL, "encoding a tensor failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
