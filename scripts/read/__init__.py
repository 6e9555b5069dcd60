"""Reading the sources: files, YAML with line numbers, the source models, the corpus."""
