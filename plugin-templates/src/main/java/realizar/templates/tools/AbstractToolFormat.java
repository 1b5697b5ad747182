package realizar.templates.tools;

import java.util.function.IntFunction;
import realizar.api.SpiVersion;
import realizar.api.chat.ToolFormat;

/** The parts every tool format shares: the SPI version and the ids for calls the model leaves without one. */
abstract class AbstractToolFormat implements ToolFormat {
    final IntFunction<String> ids;

    AbstractToolFormat(IntFunction<String> ids) {
        this.ids = ids;
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
