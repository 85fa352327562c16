"""The engine: pure Python, no Textual, no SQLite. Usable from scripts, notebooks and batch jobs."""
