/** GGUF, llama.cpp's model format. Provides a {@link realizar.api.format.FormatReader}; exports nothing. */
module realizar.format.gguf {
    requires realizar.api;
    provides realizar.api.format.FormatReader with realizar.format.gguf.GgufFormatReader;
}
