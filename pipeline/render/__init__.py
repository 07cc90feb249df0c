"""Document tree -> files: one module per format, and the layout numbers they share."""
