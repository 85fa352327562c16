"""The terminal reader (Textual). The only package that imports Textual.

Import :mod:`newsreader.tui.app` lazily: importing this package costs nothing.
"""
