package realizar.runtime;

/** Entry point of the runtime (filled in by the skeleton issue). */
public final class Realizar {
    private Realizar() {
    }
}
