"""Build tools: the command line, slides, reader mode, student copies, notebook tools."""
