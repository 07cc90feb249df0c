"""Content -> document tree: the outline, assembly, wording."""
