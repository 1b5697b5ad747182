package realizar.cli.commands;

import java.io.PrintWriter;

import realizar.api.format.ProgressListener;

/**
 * A one-line progress bar on stderr, redrawn in place, for long writes ({@code quantize}, {@code synth}). Drawn only
 * when stderr is a terminal, so logs and captured output stay clean; redraws at most every 100 ms.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    /** A bar that draws when the process's stderr is a terminal. */
    static ProgressBar onTerminal(PrintWriter err, String label) {
        java.io.Console console = System.console();
        return new ProgressBar(err, label, console != null && console.isTerminal());
    }

    @Override
    public void onProgress(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double fraction = total > 0 ? (double) done / total : 1;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = (now - start) / 1e9;
        err.printf("\r%s [%s%s] %3d%%  %,.0f / %,.0f MB  %.1fs", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                (int) Math.floor(fraction * 100), done / 1e6, total / 1e6, seconds);
        err.flush();
        drawn = true;
    }

    /** Ends the bar's line (call once, when the work is over or has failed). */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
