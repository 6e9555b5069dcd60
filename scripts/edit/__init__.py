"""Commands that write the source files people edit (`skies add`). Files are edited with
ruamel.yaml's round-trip mode, so a contributor's comments and layout are kept, and written
atomically; nothing is ever overwritten without being asked."""
