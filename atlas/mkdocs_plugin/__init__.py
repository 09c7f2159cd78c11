"""The thin MkDocs adapter over the Atlas core."""
