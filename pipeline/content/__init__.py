"""What writers edit: the model, loading (file:line), lint, new-year, diff."""
