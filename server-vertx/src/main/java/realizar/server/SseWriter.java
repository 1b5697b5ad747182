package realizar.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServerResponse;

/**
 * Server-sent events written from a generation (worker) thread. Respects Vert.x back-pressure: while the response's
 * write queue is full the writer waits for the drain handler, so a slow client slows generation instead of filling
 * memory. When the client goes away, {@link #isClosed()} turns true and the generation is cancelled.
 */
final class SseWriter {
    private final HttpServerResponse response;
    private final Semaphore drained = new Semaphore(0);
    private volatile boolean closed;

    SseWriter(HttpServerResponse response) {
        this.response = response;
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.closeHandler(v -> {
            closed = true;
            drained.release();
        });
        response.exceptionHandler(e -> {
            closed = true;
            drained.release();
        });
    }

    boolean isClosed() {
        return closed;
    }

    /** Sends one {@code data:} event; blocks while the client is not reading. */
    void send(String data) {
        if (closed) {
            return;
        }
        while (response.writeQueueFull() && !closed) {
            response.drainHandler(v -> drained.release());
            try {
                drained.tryAcquire(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
                return;
            }
        }
        if (!closed) {
            response.write("data: " + data + "\n\n");
        }
    }

    /** Ends the stream with OpenAI's {@code [DONE]} marker. */
    void done() {
        if (!closed) {
            response.end("data: [DONE]\n\n");
        }
    }
}
