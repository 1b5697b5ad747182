package realizar.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run one parallel loop at a time: {@link #run} splits {@code [0, n)} into one
 * contiguous chunk per thread, the caller's thread taking the first. Nothing is allocated per call, so the decode
 * loop stays allocation-free. Workers spin briefly before parking because the next kernel usually follows within
 * microseconds (the same reason ggml's threads spin).
 */
final class WorkerPool implements AutoCloseable {
    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    private static final int SPIN_ITERATIONS = 20_000;

    private final Thread[] workers;
    private final int threads;
    private volatile RangeTask task;
    private volatile int size;
    private volatile int generation;
    private volatile boolean closed;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile Throwable failure;

    WorkerPool(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Thread[this.threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("realizar-simd-" + index).start(() -> work(index));
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task} over {@code [0, n)} on all threads and returns when every chunk is done. */
    synchronized void run(int n, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (threads == 1 || n == 1) {
            task.run(0, n);
            return;
        }
        this.task = task;
        this.size = n;
        this.caller = Thread.currentThread();
        this.failure = null;
        pending.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            runChunk(0, n, task);
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins > SPIN_ITERATIONS) {
                LockSupport.parkNanos(50_000);
            } else {
                Thread.onSpinWait();
            }
        }
        this.task = null;
        Throwable t = own != null ? own : failure;
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    private void runChunk(int index, int n, RangeTask task) {
        int chunk = (n + threads - 1) / threads;
        int from = Math.min(n, index * chunk);
        int to = Math.min(n, from + chunk);
        if (from < to) {
            task.run(from, to);
        }
    }

    private void work(int index) {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins > SPIN_ITERATIONS) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                runChunk(index, size, task);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
