"""The reader in a web browser: textual-serve's aiohttp server, guarded (no Textual here)."""
