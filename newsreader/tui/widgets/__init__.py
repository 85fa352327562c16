"""Widgets of the reader, one file per widget."""
