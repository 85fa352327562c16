"""Modal screens and dialogs of the reader, one file per screen."""
