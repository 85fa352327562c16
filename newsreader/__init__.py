"""newsreader: read several outlets' coverage of one story side by side."""

__version__ = "0.1.0"
