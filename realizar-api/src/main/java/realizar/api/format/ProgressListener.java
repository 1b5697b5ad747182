package realizar.api.format;

/**
 * Told how far a long operation (writing a model file) has got. Called on the thread doing the work, after each step,
 * with {@code bytesDone} never decreasing and a {@code bytesTotal} that stays the same for one operation; the last
 * call has {@code bytesDone == bytesTotal}. An exception thrown here aborts the operation. Keep it cheap: it may be
 * called once per tensor.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (bytesDone, bytesTotal) -> {
    };

    void onProgress(long bytesDone, long bytesTotal);
}
